"""Writes the small tabular datasets bundled with scikit-learn as CSV files, split as the iris reference
is (train_test_split(test_size=0.25, random_state=0, stratify=y)), and records what scikit-learn's
defaults reach on each: test/golden/sklearn_defaults.json. Run by hand (it needs scikit-learn):

    python3 scripts/sklearn-references.py

The command line's defaults are tested against these figures in test/defaults.test.ts.
"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SOURCES = {
    'wine': 'Wine recognition data (Aeberhard & Forina, UCI ML Repository, doi:10.24432/C5PC7J, CC BY 4.0), via sklearn.datasets.load_wine',
    'breast_cancer': 'Breast Cancer Wisconsin (Diagnostic) (Wolberg et al., UCI ML Repository, doi:10.24432/C5DW2B, CC BY 4.0), via sklearn.datasets.load_breast_cancer',
    'digits': 'Optical Recognition of Handwritten Digits, test part (Alpaydin & Kaynak, UCI ML Repository, doi:10.24432/C50P49, CC BY 4.0), via sklearn.datasets.load_digits',
}
ROOT = os.path.join(os.path.dirname(__file__), '..')
DATA = os.path.join(ROOT, 'test', 'fixtures', 'datasets')


def write_csv(path, header, X, labels):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        for row, label in zip(X, labels):
            w.writerow([repr(float(v)) for v in row] + [label])


def main():
    sets = {
        # string labels
        'wine': (load_wine(), lambda d, y: [f'cultivar_{c}' for c in y]),
        'breast_cancer': (load_breast_cancer(), lambda d, y: [d.target_names[c] for c in y]),
        # integer labels
        'digits': (load_digits(), lambda d, y: [str(c) for c in y]),
    }
    out = {'meta': {'sklearn': sklearn.__version__, 'numpy': np.__version__,
                    'split': 'train_test_split(test_size=0.25, random_state=0, stratify=y)'}, 'datasets': {}}
    for name, (d, label_fn) in sets.items():
        X, y = d.data, d.target
        header = [f.replace(' ', '_') for f in (d.feature_names if hasattr(d, 'feature_names') else [])]
        header = header + ['label']
        Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
        write_csv(os.path.join(DATA, f'{name}-train.csv'), header, Xtr, label_fn(d, ytr))
        write_csv(os.path.join(DATA, f'{name}-test.csv'), header, Xte, label_fn(d, yte))
        results = {}
        models = {
            'LogisticRegression': make_pipeline(StandardScaler(), LogisticRegression()),
            'MLPClassifier_32': make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(32,), random_state=0, max_iter=500)),
        }
        for key, model in models.items():
            model.fit(Xtr, ytr)
            p = model.predict(Xte)
            results[key] = {
                'test_accuracy': float(accuracy_score(yte, p)),
                'test_correct': int((p == yte).sum()),
                'test_log_loss': float(log_loss(yte, model.predict_proba(Xte))),
                'call': f'make_pipeline(StandardScaler(), {model.steps[1][1]!r})',
            }
        out['datasets'][name] = {'n_train': len(ytr), 'n_test': len(yte), 'n_features': X.shape[1],
                                 'n_classes': int(len(np.unique(y))), 'source': SOURCES[name],
                                 **results}
    with open(os.path.join(ROOT, 'test', 'golden', 'sklearn_defaults.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
