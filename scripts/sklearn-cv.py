"""Cross-validation references: scikit-learn's cross_val_score of the pipeline softgrad's defaults build
(median fill with a missing indicator and standardisation for numbers, one-hot categories with missing as
its own, then LogisticRegression(C=1)), over 5 stratified shuffled folds, on the bundled iris and penguins
tables. Writes test/golden/sklearn_cv.json; run by hand (it needs scikit-learn):

    /usr/bin/python3 scripts/sklearn-cv.py

test/cross-validate.test.ts checks `softgrad cv`'s mean accuracy against these (within 2 points: the folds
are drawn by a different generator, so the rows in each fold differ).
"""
import json
import os

import csv

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ROOT = os.path.join(os.path.dirname(__file__), '..')


MISSING = {'', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', '#N/A', '?'}


def number(cell):
    try:
        return float(cell)
    except ValueError:
        return None


def read(path, label):
    """The features (numbers as float64 with NaN for a missing cell, other columns as text) and the labels."""
    with open(path, newline='') as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    at = header.index(label)
    y = np.array([r[at] for r in rows])
    columns = [[r[j] for r in rows] for j in range(len(header)) if j != at]
    numeric = [all(c in MISSING or number(c) is not None for c in col) for col in columns]
    X = np.empty((len(rows), len(columns)), dtype=object)
    for j, col in enumerate(columns):
        X[:, j] = [(np.nan if c in MISSING else float(c)) if numeric[j] else ('NA' if c in MISSING else c) for c in col]
    numbers = [j for j in range(len(columns)) if numeric[j]]
    words = [j for j in range(len(columns)) if not numeric[j]]
    return X, y, numbers, words


def pipeline(numbers, words):
    return make_pipeline(
        ColumnTransformer([
            ('numbers', make_pipeline(SimpleImputer(strategy='median', add_indicator=True), StandardScaler()), numbers),
            ('words', make_pipeline(SimpleImputer(strategy='constant', fill_value='(missing)', missing_values='NA'), OneHotEncoder(handle_unknown='ignore')), words),
        ]),
        LogisticRegression(C=1.0, max_iter=5000),
    )


def main():
    out = {'sklearn': sklearn.__version__, 'folds': 5, 'cv': 'StratifiedKFold(5, shuffle=True, random_state=seed), seeds 0-9', 'datasets': {}}
    for name, label in [('iris', 'species'), ('penguins', 'species')]:
        X, y, numbers, words = read(os.path.join(ROOT, 'examples', 'data', f'{name}.csv'), label)
        # The mean over ten fold draws: one draw's mean accuracy moves by about a point with the seed.
        runs = []
        for seed in range(10):
            scores = cross_validate(pipeline(numbers, words), X, y, cv=StratifiedKFold(5, shuffle=True, random_state=seed),
                                    scoring=['accuracy', 'balanced_accuracy', 'f1_macro', 'neg_log_loss'])
            runs.append({'accuracy': scores['test_accuracy'].mean(), 'balancedAccuracy': scores['test_balanced_accuracy'].mean(),
                         'macroF1': scores['test_f1_macro'].mean(), 'logLoss': -scores['test_neg_log_loss'].mean()})
        out['datasets'][name] = {
            'file': f'examples/data/{name}.csv', 'label': label,
            'mean': {k: float(np.mean([r[k] for r in runs])) for k in runs[0]},
            'seed0': {k: float(v) for k, v in runs[0].items()},
        }
    with open(os.path.join(ROOT, 'test', 'golden', 'sklearn_cv.json'), 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
