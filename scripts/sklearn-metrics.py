"""Reference values for the metrics of src/metrics, computed with scikit-learn: test/golden/sklearn_metrics.json.
Run by hand (it needs scikit-learn; CI reads only the JSON):

    python3 scripts/sklearn-metrics.py

Each case names the softgrad function (`fn`), its arguments as softgrad takes them (`args`: yTrue, yPred /
scores / probabilities / probPositive, options in softgrad's camelCase), the call that produced the expected value
(`reference`), and either `expected` or, where scikit-learn raises, `error` (softgrad must throw a ValueError
there). Warnings scikit-learn gave are kept in `warning`. Where scikit-learn has no such metric (the ECE, the
reliability bins) or the installed version lacks a form of it (the multiclass Brier score came in 1.7), the
reference is a NumPy computation of the documented definition, and `reference` says so.

softgrad's labels are class indices, and a metric that takes no `labels` option scores the classes 0..K-1; the
adapters below pass the matching `labels=` to scikit-learn where its default (the classes present) would differ.
Non-finite numbers, which JSON lacks, are written as the strings "NaN", "Infinity" and "-Infinity".
"""
import json
import math
import os
import platform
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    cohen_kappa_score,
    confusion_matrix,
    fbeta_score,
    log_loss,
    matthews_corrcoef,
    precision_recall_curve,
    precision_recall_fscore_support,
    roc_auc_score,
    roc_curve,
    top_k_accuracy_score,
)
from sklearn.preprocessing import label_binarize

ROOT = os.path.join(os.path.dirname(__file__), '..')
OUT = os.path.join(ROOT, 'test', 'golden', 'sklearn_metrics.json')


def encode(value):
    """Plain JSON: numpy scalars and arrays as numbers and lists, non-finite numbers as strings."""
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, np.ndarray):
        return encode(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if math.isnan(v):
            return 'NaN'
        if math.isinf(v):
            return 'Infinity' if v > 0 else '-Infinity'
        return v
    return value


def kwargs_text(kwargs):
    return ', '.join(f'{k}={v!r}' for k, v in kwargs.items() if v is not None)


def weight_kw(o):
    return {'sample_weight': o.get('sampleWeight')}


# --- Adapters: softgrad's arguments -> (scikit-learn's answer, the call made) ---------------------------------------

def ref_accuracy(a):
    o = a.get('options', {})
    kw = {'normalize': o.get('normalize', True), **weight_kw(o)}
    return accuracy_score(a['yTrue'], a['yPred'], **kw), f'accuracy_score(y_true, y_pred, {kwargs_text(kw)})'


def classes_of(a):
    return list(range(max(max(a['yTrue']), max(a['yPred'])) + 1))


def ref_confusion_matrix(a):
    o = a.get('options', {})
    labels = o.get('labels', list(range(o['numClasses'])) if 'numClasses' in o else classes_of(a))
    kw = {'labels': labels, 'normalize': o.get('normalize'), **weight_kw(o)}
    return confusion_matrix(a['yTrue'], a['yPred'], **kw), f'confusion_matrix(y_true, y_pred, {kwargs_text(kw)})'


def ref_balanced_accuracy(a):
    o = a.get('options', {})
    kw = {'adjusted': o.get('adjusted', False), **weight_kw(o)}
    return balanced_accuracy_score(a['yTrue'], a['yPred'], **kw), f'balanced_accuracy_score(y_true, y_pred, {kwargs_text(kw)})'


def ref_matthews(a):
    kw = weight_kw(a.get('options', {}))
    return matthews_corrcoef(a['yTrue'], a['yPred'], **kw), f'matthews_corrcoef(y_true, y_pred, {kwargs_text(kw)})'


def ref_kappa(a):
    o = a.get('options', {})
    kw = {'weights': o.get('weights'), 'labels': o.get('labels'), **weight_kw(o)}
    return cohen_kappa_score(a['yTrue'], a['yPred'], **kw), f'cohen_kappa_score(y1, y2, {kwargs_text(kw)})'


def ref_fbeta(a):
    o = a['options']
    average = o.get('average', 'binary')
    kw = {
        'beta': o['beta'],
        'average': None if average == 'none' else average,
        'labels': o.get('labels'),
        'zero_division': o.get('zeroDivision', 0),
        **weight_kw(o),
    }
    call = f'fbeta_score(y_true, y_pred, {kwargs_text(kw)})'
    if kw['average'] is None:
        call = call.replace('fbeta_score(y_true, y_pred, ', 'fbeta_score(y_true, y_pred, average=None, ')
    return fbeta_score(a['yTrue'], a['yPred'], **kw), call


def ref_precision_recall_f1(a):
    """Per class (average=None) and the three averages, for labels = options.labels or range(numClasses)."""
    o = a.get('options', {})
    labels = o.get('labels', list(range(o['numClasses'])) if 'numClasses' in o else classes_of(a))
    base = {'beta': o.get('beta', 1.0), 'labels': labels, 'zero_division': o.get('zeroDivision', 0), **weight_kw(o)}
    p, r, f, s = precision_recall_fscore_support(a['yTrue'], a['yPred'], average=None, **base)
    result = {'precision': p, 'recall': r, 'fbeta': f, 'support': s}
    for average in ['macro', 'weighted', 'micro']:
        ap, ar, af, _ = precision_recall_fscore_support(a['yTrue'], a['yPred'], average=average, **base)
        result[average] = {'precision': ap, 'recall': ar, 'fbeta': af}
    return result, f'precision_recall_fscore_support(y_true, y_pred, average=None|macro|weighted|micro, {kwargs_text(base)})'


def ref_log_loss(a):
    o = a.get('options', {})
    p = np.asarray(a['probabilities'], dtype=np.float64)
    k = p.shape[1] if p.ndim == 2 else 2
    kw = {'labels': list(range(k)), **weight_kw(o)}
    return log_loss(a['yTrue'], p, **kw), f'log_loss(y_true, y_pred, {kwargs_text(kw)})'


def ref_brier(a):
    o = a.get('options', {})
    p = np.asarray(a['probabilities'], dtype=np.float64)
    if p.ndim == 1:
        kw = weight_kw(o)
        return brier_score_loss(a['yTrue'], p, **kw), f'brier_score_loss(y_true, y_prob, {kwargs_text(kw)})'
    # sklearn 1.7's brier_score_loss for a probability matrix: mean over rows of the sum over classes of the squared
    # error against the one-hot truth, halved for two columns (scale_by_half='auto'); 1.2 is binary only.
    onehot = np.eye(p.shape[1])[np.asarray(a['yTrue'])]
    score = np.average(np.sum((onehot - p) ** 2, axis=1), weights=o.get('sampleWeight'))
    if p.shape[1] == 2:
        score *= 0.5
    return score, 'numpy: np.average(np.sum((onehot(y_true) - y_prob) ** 2, axis=1), weights=sample_weight), halved for 2 columns (sklearn 1.7 brier_score_loss)'


def ref_roc_curve(a):
    o = a.get('options', {})
    kw = {'drop_intermediate': o.get('dropIntermediate', True), **weight_kw(o)}
    fpr, tpr, thresholds = roc_curve(a['yTrue'], a['scores'], **kw)
    return {'fpr': fpr, 'tpr': tpr, 'thresholds': thresholds}, f'roc_curve(y_true, y_score, {kwargs_text(kw)})'


def ref_precision_recall_curve(a):
    kw = weight_kw(a.get('options', {}))
    precision, recall, thresholds = precision_recall_curve(a['yTrue'], a['scores'], **kw)
    return {'precision': precision, 'recall': recall, 'thresholds': thresholds}, f'precision_recall_curve(y_true, probas_pred, {kwargs_text(kw)})'


def ref_average_precision(a):
    o = a.get('options', {})
    scores = np.asarray(a['scores'], dtype=np.float64)
    if scores.ndim == 1:
        kw = weight_kw(o)
        return average_precision_score(a['yTrue'], scores, **kw), f'average_precision_score(y_true, y_score, {kwargs_text(kw)})'
    # One-vs-rest over classes 0..C-1: the indicator matrix of label_binarize, one column per class.
    kw = {'average': o.get('average', 'macro'), **weight_kw(o)}
    indicator = label_binarize(a['yTrue'], classes=list(range(scores.shape[1])))
    return (average_precision_score(indicator, scores, **kw),
            f'average_precision_score(label_binarize(y_true, classes=range(C)), y_score, {kwargs_text(kw)})')


def ref_roc_auc(a):
    o = a.get('options', {})
    scores = np.asarray(a['scores'], dtype=np.float64)
    if scores.ndim == 1:
        kw = weight_kw(o)
        return roc_auc_score(a['yTrue'], scores, **kw), f'roc_auc_score(y_true, y_score, {kwargs_text(kw)})'
    kw = {'multi_class': o.get('multiClass', 'raise'), 'average': o.get('average', 'macro'), 'labels': o.get('labels'), **weight_kw(o)}
    return roc_auc_score(a['yTrue'], scores, **kw), f'roc_auc_score(y_true, y_score, {kwargs_text(kw)})'


def ref_top_k(a):
    o = a.get('options', {})
    kw = {'k': o.get('k', 2), 'normalize': o.get('normalize', True), 'labels': o.get('labels'), **weight_kw(o)}
    return top_k_accuracy_score(a['yTrue'], np.asarray(a['scores'], dtype=np.float64), **kw), f'top_k_accuracy_score(y_true, y_score, {kwargs_text(kw)})'


def ref_calibration_curve(a):
    o = a.get('options', {})
    kw = {'n_bins': o.get('nBins', 5), 'strategy': o.get('strategy', 'uniform')}
    prob_true, prob_pred = calibration_curve(a['yTrue'], a['probPositive'], **kw)
    return {'probTrue': prob_true, 'probPred': prob_pred}, f'sklearn.calibration.calibration_curve(y_true, y_prob, {kwargs_text(kw)})'


def top_label(a):
    """(confidence, is the top label right, binary predicted and positive) as the definitions in src/metrics/reliability.ts."""
    p = np.asarray(a['probabilities'], dtype=np.float64)
    y = np.asarray(a['yTrue'])
    rows = np.stack([1 - p, p], axis=1) if p.ndim == 1 else p
    top = np.argmax(rows, axis=1)  # the first column with the largest probability
    return rows[np.arange(len(y)), top], (top == y).astype(np.float64), p, y


def bins_of(values, n_bins):
    edges = np.linspace(0, 1, n_bins + 1)
    return edges, np.searchsorted(edges[1:-1], values, side='left')


def ref_reliability_bins(a):
    n_bins = a.get('options', {}).get('nBins', 10)
    confidence, correct, p, y = top_label(a)
    predicted, positive = (p, y.astype(np.float64)) if p.ndim == 1 else (confidence, correct)
    edges, ids = bins_of(predicted, n_bins)
    out = []
    for b in range(n_bins):
        mask = ids == b
        count = int(mask.sum())
        out.append({
            'lower': edges[b], 'upper': edges[b + 1], 'count': count,
            'meanPredicted': predicted[mask].mean() if count else math.nan,
            'fractionPositive': positive[mask].mean() if count else math.nan,
        })
    return out, 'numpy: np.linspace edges, np.searchsorted(edges[1:-1], predicted) bins; binary: P(class 1) vs y; else top-label confidence vs correctness'


def ref_ece(a):
    n_bins = a.get('options', {}).get('nBins', 10)
    confidence, correct, _, _ = top_label(a)
    _, ids = bins_of(confidence, n_bins)
    ece = 0.0
    for b in range(n_bins):
        mask = ids == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
    return ece, 'numpy: sum over np.linspace bins of (n_b / N) |accuracy_b - confidence_b|, top label = argmax of the row ([1 - p, p] for binary)'


REFERENCES = {
    'accuracy': ref_accuracy,
    'confusionMatrix': ref_confusion_matrix,
    'balancedAccuracy': ref_balanced_accuracy,
    'matthewsCorrcoef': ref_matthews,
    'cohenKappa': ref_kappa,
    'fbetaScore': ref_fbeta,
    'precisionRecallF1': ref_precision_recall_f1,
    'logLoss': ref_log_loss,
    'brierScore': ref_brier,
    'rocCurve': ref_roc_curve,
    'precisionRecallCurve': ref_precision_recall_curve,
    'averagePrecision': ref_average_precision,
    'rocAuc': ref_roc_auc,
    'topKAccuracy': ref_top_k,
    'calibrationCurve': ref_calibration_curve,
    'reliabilityBins': ref_reliability_bins,
    'expectedCalibrationError': ref_ece,
}

CASES = []


def case(fn, name, **args):
    note = args.pop('note', '')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        entry = {'fn': fn, 'name': name, 'args': args}
        try:
            expected, reference = REFERENCES[fn](args)
            entry['reference'] = reference
            entry['expected'] = expected
        except Exception as error:  # sklearn's refusal: softgrad must throw a ValueError
            entry['reference'] = f'raises {type(error).__name__}'
            entry['error'] = f'{type(error).__name__}: {error}'
    messages = sorted({str(w.message) for w in caught if not issubclass(w.category, DeprecationWarning)})
    if messages:
        entry['warning'] = ' | '.join(messages)
    if note:
        entry['note'] = note
    CASES.append(entry)


# --- Fixed inputs -----------------------------------------------------------------------------------------------

rng = np.random.RandomState(20240611)


def random_labels(n, k):
    return rng.randint(0, k, size=n).tolist()


def random_probabilities(n, k, decimals=2):
    """Rows of k probabilities summing to 1, rounded (so that ties occur), the last entry taking the remainder."""
    rows = []
    while len(rows) < n:
        rounded = np.round(rng.dirichlet(np.ones(k))[:-1], decimals)
        last = 1 - rounded.sum()
        if last >= 0:
            rows.append([float(v) for v in rounded] + [float(last)])
    return rows


def noisy_predictions(y, k, flip):
    return [int(rng.randint(0, k)) if rng.rand() < flip else int(t) for t in y]


Y8 = [0, 1, 2, 0, 1, 2, 1, 1]
P8 = [0, 2, 1, 0, 0, 1, 1, 2]
Y40 = random_labels(40, 4)
P40 = noisy_predictions(Y40, 4, 0.45)
W40 = [float(w) for w in rng.choice([0.0, 0.5, 1.0, 2.0, 3.25], size=40)]
YB = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
PB = [0, 1, 1, 1, 0, 0, 0, 1, 1, 1]
WB = [1.0, 0.0, 2.0, 1.5, 0.5, 1.0, 0.0, 3.0, 1.0, 2.0]

# accuracy
case('accuracy', 'multiclass', yTrue=Y8, yPred=P8)
case('accuracy', 'sample weights, some zero', yTrue=Y40, yPred=P40, options={'sampleWeight': W40})
case('accuracy', 'normalize false counts the hits', yTrue=Y8, yPred=P8, options={'normalize': False})
case('accuracy', 'normalize false with weights sums their weights', yTrue=YB, yPred=PB, options={'normalize': False, 'sampleWeight': WB})
case('accuracy', 'all weights zero', yTrue=[0, 1], yPred=[0, 0], options={'sampleWeight': [0.0, 0.0]})

# confusionMatrix
case('confusionMatrix', 'the docstring example', yTrue=[2, 0, 2, 2, 0, 1], yPred=[0, 0, 2, 2, 0, 2])
case('confusionMatrix', 'labels reorder and select', yTrue=[2, 0, 2, 2, 0, 1], yPred=[0, 0, 2, 2, 0, 2], options={'labels': [2, 0]})
case('confusionMatrix', 'labels add an absent class', yTrue=Y8, yPred=P8, options={'labels': [0, 1, 2, 3]})
case('confusionMatrix', 'labels in reverse order', yTrue=Y40, yPred=P40, options={'labels': [3, 2, 1, 0]})
case('confusionMatrix', 'a class absent from the predictions', yTrue=[0, 1, 2, 2], yPred=[0, 0, 2, 2])
for normalize in ['true', 'pred', 'all']:
    case('confusionMatrix', f'normalize {normalize}', yTrue=Y40, yPred=P40, options={'normalize': normalize})
    case('confusionMatrix', f'normalize {normalize}, a zero row and column stay zero', yTrue=[0, 0, 2, 2], yPred=[0, 2, 2, 0],
         options={'normalize': normalize, 'numClasses': 3})
    case('confusionMatrix', f'normalize {normalize} with weights', yTrue=Y40, yPred=P40, options={'normalize': normalize, 'sampleWeight': W40})
case('confusionMatrix', 'sample weights, some zero', yTrue=Y40, yPred=P40, options={'sampleWeight': W40})
case('confusionMatrix', 'numClasses', yTrue=[0, 1], yPred=[1, 1], options={'numClasses': 4})
case('confusionMatrix', 'no label occurs in yTrue', yTrue=[0, 0, 1], yPred=[2, 0, 1], options={'labels': [2]})

# balancedAccuracy
case('balancedAccuracy', 'binary', yTrue=YB, yPred=PB)
case('balancedAccuracy', 'binary, adjusted', yTrue=YB, yPred=PB, options={'adjusted': True})
case('balancedAccuracy', 'multiclass', yTrue=Y40, yPred=P40)
case('balancedAccuracy', 'multiclass, adjusted', yTrue=Y40, yPred=P40, options={'adjusted': True})
case('balancedAccuracy', 'sample weights, some zero', yTrue=Y40, yPred=P40, options={'sampleWeight': W40})
case('balancedAccuracy', 'sample weights, adjusted', yTrue=Y40, yPred=P40, options={'sampleWeight': W40, 'adjusted': True})
case('balancedAccuracy', 'a class absent from the predictions', yTrue=[0, 1, 2, 2, 1], yPred=[0, 0, 2, 2, 0])
case('balancedAccuracy', 'a predicted class absent from yTrue is left out', yTrue=[0, 0, 1, 1], yPred=[0, 2, 1, 0])
case('balancedAccuracy', 'a predicted class absent from yTrue, adjusted', yTrue=[0, 0, 1, 1], yPred=[0, 2, 1, 0], options={'adjusted': True})
case('balancedAccuracy', 'zero weights remove a class', yTrue=[0, 0, 1, 1, 2], yPred=[0, 1, 1, 1, 0], options={'sampleWeight': [1.0, 1.0, 2.0, 1.0, 0.0]})
case('balancedAccuracy', 'a single class in yTrue', yTrue=[1, 1, 1], yPred=[1, 0, 1])
case('balancedAccuracy', 'a single class in yTrue, adjusted', yTrue=[1, 1, 1], yPred=[1, 0, 1], options={'adjusted': True})
case('balancedAccuracy', 'a single class, perfect, adjusted', yTrue=[2, 2], yPred=[2, 2], options={'adjusted': True})
case('balancedAccuracy', 'perfect predictions', yTrue=Y40, yPred=Y40)
case('balancedAccuracy', 'all weights zero', yTrue=[0, 1], yPred=[0, 1], options={'sampleWeight': [0.0, 0.0]})

# matthewsCorrcoef
case('matthewsCorrcoef', 'binary, the docstring example', yTrue=[1, 1, 1, 0], yPred=[1, 0, 1, 1])
case('matthewsCorrcoef', 'binary', yTrue=YB, yPred=PB)
case('matthewsCorrcoef', 'binary with weights', yTrue=YB, yPred=PB, options={'sampleWeight': WB})
case('matthewsCorrcoef', 'multiclass', yTrue=Y8, yPred=P8)
case('matthewsCorrcoef', 'multiclass, 4 classes', yTrue=Y40, yPred=P40)
case('matthewsCorrcoef', 'multiclass with weights, some zero', yTrue=Y40, yPred=P40, options={'sampleWeight': W40})
case('matthewsCorrcoef', 'every prediction the same class', yTrue=[0, 1, 2, 1], yPred=[1, 1, 1, 1])
case('matthewsCorrcoef', 'a single class in yTrue', yTrue=[2, 2, 2], yPred=[2, 0, 2])
case('matthewsCorrcoef', 'perfect predictions', yTrue=Y8, yPred=Y8)
case('matthewsCorrcoef', 'inverted binary predictions', yTrue=[0, 1, 0, 1], yPred=[1, 0, 1, 0])
case('matthewsCorrcoef', 'a class absent from the predictions', yTrue=[0, 1, 2, 2, 1], yPred=[0, 0, 2, 2, 0])

# cohenKappa
case('cohenKappa', 'unweighted', yTrue=Y40, yPred=P40)
case('cohenKappa', 'linear', yTrue=Y40, yPred=P40, options={'weights': 'linear'})
case('cohenKappa', 'quadratic', yTrue=Y40, yPred=P40, options={'weights': 'quadratic'})
case('cohenKappa', 'quadratic with weights', yTrue=Y40, yPred=P40, options={'weights': 'quadratic', 'sampleWeight': W40})
case('cohenKappa', 'unweighted with weights', yTrue=Y40, yPred=P40, options={'sampleWeight': W40})
case('cohenKappa', 'linear weights use positions among the classes present', yTrue=[0, 3, 3, 0, 1], yPred=[3, 3, 0, 0, 1], options={'weights': 'linear'})
case('cohenKappa', 'linear weights with every class listed', yTrue=[0, 3, 3, 0, 1], yPred=[3, 3, 0, 0, 1], options={'weights': 'linear', 'labels': [0, 1, 2, 3]})
case('cohenKappa', 'labels select a subset', yTrue=Y40, yPred=P40, options={'labels': [1, 3], 'weights': 'quadratic'})
case('cohenKappa', 'binary', yTrue=YB, yPred=PB)
case('cohenKappa', 'one and the same class everywhere', yTrue=[1, 1], yPred=[1, 1])
case('cohenKappa', 'no label occurs in yTrue', yTrue=[0, 0, 1], yPred=[2, 0, 1], options={'labels': [2]})

# fbetaScore
for beta in [0.5, 1.0, 2.0]:
    for average in ['macro', 'weighted', 'micro', 'none']:
        case('fbetaScore', f'beta {beta}, {average}', yTrue=Y40, yPred=P40, options={'beta': beta, 'average': average})
    case('fbetaScore', f'beta {beta}, binary', yTrue=YB, yPred=PB, options={'beta': beta})
case('fbetaScore', 'beta 2, weighted, sample weights', yTrue=Y40, yPred=P40, options={'beta': 2.0, 'average': 'weighted', 'sampleWeight': W40})
case('fbetaScore', 'beta 0.5, none, sample weights', yTrue=Y40, yPred=P40, options={'beta': 0.5, 'average': 'none', 'sampleWeight': W40})
case('fbetaScore', 'beta 1, binary, sample weights', yTrue=YB, yPred=PB, options={'beta': 1.0, 'sampleWeight': WB})
case('fbetaScore', 'labels subset and order, none', yTrue=Y40, yPred=P40, options={'beta': 2.0, 'average': 'none', 'labels': [3, 1]})
case('fbetaScore', 'labels subset, macro', yTrue=Y40, yPred=P40, options={'beta': 2.0, 'average': 'macro', 'labels': [3, 1]})
case('fbetaScore', 'labels subset, micro', yTrue=Y40, yPred=P40, options={'beta': 0.5, 'average': 'micro', 'labels': [0, 2]})
case('fbetaScore', 'labels subset, weighted', yTrue=Y40, yPred=P40, options={'beta': 0.5, 'average': 'weighted', 'labels': [2, 0]})
case('fbetaScore', 'labels with an absent class, none, zeroDivision 1', yTrue=Y8, yPred=P8, options={'beta': 1.0, 'average': 'none', 'labels': [0, 1, 2, 3], 'zeroDivision': 1})
case('fbetaScore', 'labels with an absent class, macro, zeroDivision 0', yTrue=Y8, yPred=P8, options={'beta': 1.0, 'average': 'macro', 'labels': [0, 1, 2, 3], 'zeroDivision': 0})
case('fbetaScore', 'labels with an absent class, macro, zeroDivision 1', yTrue=Y8, yPred=P8, options={'beta': 1.0, 'average': 'macro', 'labels': [0, 1, 2, 3], 'zeroDivision': 1})
case('fbetaScore', 'a class absent from the predictions, none', yTrue=[0, 1, 2, 2, 1], yPred=[0, 0, 2, 2, 0], options={'beta': 2.0, 'average': 'none'})
case('fbetaScore', 'a class absent from the predictions, zeroDivision 1', yTrue=[0, 1, 2, 2, 1], yPred=[0, 0, 2, 2, 0], options={'beta': 2.0, 'average': 'none', 'zeroDivision': 1})
case('fbetaScore', 'weighted with no support among the labels, something predicted', yTrue=[0, 1, 1], yPred=[2, 1, 0], options={'beta': 1.0, 'average': 'weighted', 'labels': [2], 'zeroDivision': 1})
case('fbetaScore', 'weighted with no support among the labels, nothing predicted', yTrue=[0, 1, 1], yPred=[0, 1, 0], options={'beta': 1.0, 'average': 'weighted', 'labels': [2], 'zeroDivision': 1})
case('fbetaScore', 'beta Infinity is recall', yTrue=Y40, yPred=P40, options={'beta': math.inf, 'average': 'none'})
case('fbetaScore', 'beta 0 is precision', yTrue=Y40, yPred=P40, options={'beta': 0.0, 'average': 'none'})
case('fbetaScore', 'binary with only class 0, zeroDivision 1', yTrue=[0, 0], yPred=[0, 0], options={'beta': 1.0, 'zeroDivision': 1})
case('fbetaScore', 'binary with classes 1 and 2', yTrue=[1, 2, 2], yPred=[1, 1, 2], options={'beta': 1.0})
case('fbetaScore', 'binary average on multiclass labels', yTrue=Y8, yPred=P8, options={'beta': 1.0})
case('fbetaScore', 'binary average without class 1', yTrue=[0, 2, 2], yPred=[0, 0, 2], options={'beta': 1.0})
case('fbetaScore', 'a negative beta', yTrue=Y8, yPred=P8, options={'beta': -1.0, 'average': 'macro'})

# precisionRecallF1 with its new options
case('precisionRecallF1', 'beta 2', yTrue=Y40, yPred=P40, options={'beta': 2.0})
case('precisionRecallF1', 'labels subset and order', yTrue=Y40, yPred=P40, options={'labels': [2, 0, 3]})
case('precisionRecallF1', 'sample weights, some zero', yTrue=Y40, yPred=P40, options={'sampleWeight': W40, 'beta': 0.5})
case('precisionRecallF1', 'numClasses adds an absent class, zeroDivision 1', yTrue=Y8, yPred=P8, options={'numClasses': 5, 'zeroDivision': 1})

# logLoss with sample weights
PROB40 = random_probabilities(40, 4)
case('logLoss', 'multiclass', yTrue=Y40, probabilities=PROB40)
case('logLoss', 'multiclass, sample weights, some zero', yTrue=Y40, probabilities=PROB40, options={'sampleWeight': W40})
case('logLoss', 'binary P(class 1), sample weights', yTrue=YB, probabilities=[0.1, 0.4, 0.8, 0.65, 0.3, 0.5, 0.2, 0.9, 0.55, 0.45], options={'sampleWeight': WB})

# brierScore
PB1 = [0.1, 0.4, 0.8, 0.65, 0.3, 0.5, 0.2, 0.9, 0.55, 0.45]
case('brierScore', 'binary, the docstring example', yTrue=[0, 1, 1, 0], probabilities=[0.1, 0.9, 0.8, 0.3])
case('brierScore', 'binary', yTrue=YB, probabilities=PB1)
case('brierScore', 'binary, sample weights, some zero', yTrue=YB, probabilities=PB1, options={'sampleWeight': WB})
case('brierScore', 'binary, only class 0', yTrue=[0, 0, 0], probabilities=[0.1, 0.3, 0.0])
case('brierScore', 'binary, only class 1', yTrue=[1, 1], probabilities=[0.9, 0.25])
case('brierScore', 'binary, a probability above 1', yTrue=[0, 1], probabilities=[0.2, 1.5])
case('brierScore', 'binary, a negative probability', yTrue=[0, 1], probabilities=[-0.2, 0.5])
case('brierScore', 'multiclass', yTrue=Y40, probabilities=PROB40)
case('brierScore', 'multiclass, sample weights', yTrue=Y40, probabilities=PROB40, options={'sampleWeight': W40})
case('brierScore', 'two columns are halved: the binary score of column 1', yTrue=YB, probabilities=[[1 - p, p] for p in PB1])

# rocCurve, precisionRecallCurve, averagePrecision
S_DOC = [0.1, 0.4, 0.35, 0.8]
Y_TIES = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0]
S_TIES = [0.2, 0.7, 0.7, 0.7, 0.4, 0.2, 0.9, 0.4, 0.1, 0.4, 0.5, 0.5]
W_TIES = [1.0, 2.0, 0.0, 0.5, 1.0, 1.0, 0.25, 3.0, 1.0, 0.0, 1.0, 2.0]
YR = random_labels(60, 2)
SR = [round(float(s), 2) for s in rng.rand(60) * 0.6 + np.asarray(YR) * 0.3]
WR = [float(w) for w in rng.choice([0.0, 0.5, 1.0, 1.5, 4.0], size=60)]
for fn in ['rocCurve', 'precisionRecallCurve', 'averagePrecision']:
    case(fn, 'the docstring example', yTrue=[0, 0, 1, 1], scores=S_DOC)
    case(fn, 'tied scores', yTrue=Y_TIES, scores=S_TIES)
    case(fn, 'tied scores, sample weights, some zero', yTrue=Y_TIES, scores=S_TIES, options={'sampleWeight': W_TIES})
    case(fn, '60 samples with ties', yTrue=YR, scores=SR)
    case(fn, '60 samples, sample weights', yTrue=YR, scores=SR, options={'sampleWeight': WR})
    case(fn, 'no positive sample', yTrue=[0, 0, 0], scores=[0.1, 0.5, 0.3])
    case(fn, 'a label other than 0 and 1', yTrue=[0, 2, 1], scores=[0.1, 0.5, 0.3])
    case(fn, 'every weight zero', yTrue=[0, 1], scores=[0.1, 0.5], options={'sampleWeight': [0.0, 0.0]})
    case(fn, 'scores given as decision values', yTrue=[1, 0, 1, 1, 0], scores=[2.5, -1.0, 0.0, 7.25, 0.0])
case('rocCurve', 'no negative sample', yTrue=[1, 1, 1], scores=[0.1, 0.5, 0.3])
case('rocCurve', 'dropIntermediate false keeps every threshold', yTrue=Y_TIES, scores=S_TIES, options={'dropIntermediate': False})
case('rocCurve', '60 samples, dropIntermediate false', yTrue=YR, scores=SR, options={'dropIntermediate': False})
case('rocCurve', 'collinear points are dropped', yTrue=[0, 0, 0, 1, 1, 1], scores=[0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
case('rocCurve', 'a single sample', yTrue=[1], scores=[0.3])
case('precisionRecallCurve', 'no negative sample', yTrue=[1, 1, 1], scores=[0.1, 0.5, 0.3])
case('averagePrecision', 'no negative sample', yTrue=[1, 1, 1], scores=[0.1, 0.5, 0.3])
Y30 = random_labels(30, 3)
PROB30 = random_probabilities(30, 3, decimals=1)
W30 = [float(w) for w in rng.choice([0.0, 1.0, 2.0, 0.5], size=30)]
for average in ['macro', 'weighted', 'micro']:
    case('averagePrecision', f'3 classes, {average}', yTrue=Y30, scores=PROB30, options={'average': average})
    case('averagePrecision', f'3 classes, {average}, sample weights', yTrue=Y30, scores=PROB30, options={'average': average, 'sampleWeight': W30})
    case('averagePrecision', f'4 classes, {average}', yTrue=Y40, scores=PROB40, options={'average': average})
    case('averagePrecision', f'a class absent from yTrue, {average}', yTrue=[0, 1, 0, 1, 1], scores=[[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1]], options={'average': average})

# rocAuc
case('rocAuc', 'binary, the docstring scores', yTrue=[0, 0, 1, 1], scores=S_DOC)
case('rocAuc', 'binary, tied scores', yTrue=Y_TIES, scores=S_TIES)
case('rocAuc', 'binary, sample weights, some zero', yTrue=Y_TIES, scores=S_TIES, options={'sampleWeight': W_TIES})
case('rocAuc', 'binary, 60 samples, sample weights', yTrue=YR, scores=SR, options={'sampleWeight': WR})
case('rocAuc', 'binary, weights zero on every negative', yTrue=[0, 1, 0, 1], scores=[0.1, 0.4, 0.35, 0.8], options={'sampleWeight': [0.0, 1.0, 0.0, 1.0]})
case('rocAuc', 'binary, a single class', yTrue=[1, 1, 1], scores=[0.1, 0.5, 0.3])
case('rocAuc', 'binary, a single class with weights', yTrue=[0, 0], scores=[0.1, 0.5], options={'sampleWeight': [1.0, 2.0]})
for multi in ['ovr', 'ovo']:
    for average in ['macro', 'weighted']:
        case('rocAuc', f'3 classes, {multi}, {average}', yTrue=Y30, scores=PROB30, options={'multiClass': multi, 'average': average})
        case('rocAuc', f'4 classes, {multi}, {average}', yTrue=Y40, scores=PROB40, options={'multiClass': multi, 'average': average})
        case('rocAuc', f'labels given, {multi}, {average}', yTrue=Y40, scores=PROB40, options={'multiClass': multi, 'average': average, 'labels': [0, 1, 2, 3]})
        case('rocAuc', f'a class absent from yTrue with labels, {multi}, {average}', yTrue=[0, 1, 0, 1, 1],
             scores=[[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1]],
             options={'multiClass': multi, 'average': average, 'labels': [0, 1, 2]})
case('rocAuc', '3 classes, ovr, micro', yTrue=Y30, scores=PROB30, options={'multiClass': 'ovr', 'average': 'micro'})
case('rocAuc', '4 classes, ovr, micro', yTrue=Y40, scores=PROB40, options={'multiClass': 'ovr', 'average': 'micro'})
case('rocAuc', '3 classes, ovr, macro, sample weights', yTrue=Y30, scores=PROB30, options={'multiClass': 'ovr', 'average': 'macro', 'sampleWeight': W30})
case('rocAuc', '3 classes, ovr, weighted, sample weights', yTrue=Y30, scores=PROB30, options={'multiClass': 'ovr', 'average': 'weighted', 'sampleWeight': W30})
case('rocAuc', '3 classes, ovr, micro, sample weights', yTrue=Y30, scores=PROB30, options={'multiClass': 'ovr', 'average': 'micro', 'sampleWeight': W30})
case('rocAuc', 'ovo with sample weights', yTrue=Y30, scores=PROB30, options={'multiClass': 'ovo', 'sampleWeight': W30})
case('rocAuc', 'ovo with average micro', yTrue=Y30, scores=PROB30, options={'multiClass': 'ovo', 'average': 'micro'})
case('rocAuc', 'rows that do not sum to 1', yTrue=[0, 1, 2], scores=[[0.5, 0.3, 0.3], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]], options={'multiClass': 'ovr'})
case('rocAuc', 'multiClass missing', yTrue=[0, 1, 2], scores=[[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])
case('rocAuc', 'fewer classes in yTrue than columns', yTrue=[0, 1, 0, 1, 1], scores=[[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1]], options={'multiClass': 'ovo'})
case('rocAuc', 'labels not increasing', yTrue=[0, 1, 2], scores=[[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]], options={'multiClass': 'ovr', 'labels': [0, 2, 1]})
case('rocAuc', 'labels not matching the columns', yTrue=[0, 1, 2], scores=[[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]], options={'multiClass': 'ovr', 'labels': [0, 1, 2, 3]})
case('rocAuc', 'yTrue outside the labels', yTrue=[0, 1, 3], scores=[[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]], options={'multiClass': 'ovr', 'labels': [0, 1, 2]})

# topKAccuracy
S_TOPK = [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]]
S_TIE_K = [[0.4, 0.4, 0.2], [0.3, 0.3, 0.4], [0.3, 0.35, 0.35], [0.1, 0.45, 0.45], [0.5, 0.25, 0.25], [0.2, 0.4, 0.4]]
case('topKAccuracy', 'the docstring example', yTrue=[0, 1, 2, 2], scores=S_TOPK)
case('topKAccuracy', 'the docstring example, normalize false', yTrue=[0, 1, 2, 2], scores=S_TOPK, options={'normalize': False})
for k in [1, 2, 3]:
    case('topKAccuracy', f'ties go to the later column, k {k}', yTrue=[0, 1, 2, 1, 2, 1], scores=S_TIE_K, options={'k': k})
    case('topKAccuracy', f'4 classes, k {k}', yTrue=Y40, scores=PROB40, options={'k': k})
    case('topKAccuracy', f'4 classes, k {k}, sample weights', yTrue=Y40, scores=PROB40, options={'k': k, 'sampleWeight': W40})
case('topKAccuracy', '4 classes, k 2, weights, normalize false', yTrue=Y40, scores=PROB40, options={'k': 2, 'sampleWeight': W40, 'normalize': False})
case('topKAccuracy', 'binary probabilities, k 1 thresholds at 0.5', yTrue=YB, scores=PB1, options={'k': 1})
case('topKAccuracy', 'binary decision values, k 1 thresholds at 0', yTrue=[1, 0, 1, 1, 0], scores=[2.5, -1.0, 0.0, 0.25, -0.5], options={'k': 1})
case('topKAccuracy', 'binary, k 2 always hits', yTrue=YB, scores=PB1, options={'k': 2})
case('topKAccuracy', 'labels list a class absent from yTrue', yTrue=[0, 1, 0, 1, 1], scores=[[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1]], options={'k': 1, 'labels': [0, 1, 2]})
case('topKAccuracy', 'two classes in yTrue, three columns, no labels', yTrue=[0, 1, 0, 1, 1], scores=[[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1]], options={'k': 1})
case('topKAccuracy', 'three classes in yTrue, four columns, no labels', yTrue=[0, 1, 2, 1], scores=[[0.5, 0.3, 0.1, 0.1], [0.2, 0.5, 0.2, 0.1], [0.1, 0.1, 0.7, 0.1], [0.25, 0.25, 0.25, 0.25]], options={'k': 2})
case('topKAccuracy', 'a single class with binary scores', yTrue=[1, 1], scores=[0.2, 0.7], options={'k': 1})
case('topKAccuracy', 'a single class with binary scores and labels', yTrue=[1, 1], scores=[0.2, 0.7], options={'k': 1, 'labels': [0, 1]})

# calibrationCurve
Y_CAL = [0, 0, 0, 0, 1, 1, 1, 1, 1]
P_CAL = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0]
YC = random_labels(50, 2)
PC = [round(float(p), 2) for p in np.clip(rng.rand(50) * 0.7 + np.asarray(YC) * 0.3, 0, 1)]
P_EDGES = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.3, 0.6, 0.7]
Y_EDGES = [0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 0]
case('calibrationCurve', 'the docstring example', yTrue=Y_CAL, probPositive=P_CAL, options={'nBins': 3})
for n_bins in [2, 3, 5, 10]:
    for strategy in ['uniform', 'quantile']:
        case('calibrationCurve', f'50 samples, {n_bins} bins, {strategy}', yTrue=YC, probPositive=PC, options={'nBins': n_bins, 'strategy': strategy})
        case('calibrationCurve', f'probabilities on the bin edges, {n_bins} bins, {strategy}', yTrue=Y_EDGES, probPositive=P_EDGES, options={'nBins': n_bins, 'strategy': strategy})
case('calibrationCurve', 'default options (5 uniform bins)', yTrue=YC, probPositive=PC)
case('calibrationCurve', 'quantile bins with many ties', yTrue=[0, 1, 0, 1, 1, 0, 1], probPositive=[0.5, 0.5, 0.5, 0.5, 0.9, 0.1, 0.5], options={'nBins': 4, 'strategy': 'quantile'})
case('calibrationCurve', 'quantile bins of 7 samples', yTrue=[0, 1, 0, 1, 1, 0, 1], probPositive=[0.05, 0.33, 0.21, 0.74, 0.92, 0.48, 0.61], options={'nBins': 3, 'strategy': 'quantile'})
# 5 * (1/6) is one bit below 5/6, so a probability of 5/6 falls in the bin above that edge: edges must be linspace's.
case('calibrationCurve', 'a probability of 5/6 just above the edge 5 * (1/6)', yTrue=[0, 1, 1, 0, 1], probPositive=[5 / 6, 5 / 6, 0.1, 0.5, 0.9], options={'nBins': 6})
case('calibrationCurve', 'a probability of 5/7 just above the edge 5 * (1/7)', yTrue=[0, 1, 1, 0, 1, 1], probPositive=[5 / 7, 5 / 7, 0.1, 0.5, 0.9, 0.8], options={'nBins': 7})
case('calibrationCurve', 'only class 0', yTrue=[0, 0, 0], probPositive=[0.1, 0.6, 0.3])
case('calibrationCurve', 'a probability above 1', yTrue=[0, 1], probPositive=[0.2, 1.5])
case('calibrationCurve', 'a label other than 0 and 1', yTrue=[0, 2, 1], probPositive=[0.2, 0.5, 0.6])

# expectedCalibrationError and reliabilityBins (NumPy: scikit-learn has neither)
for fn in ['expectedCalibrationError', 'reliabilityBins']:
    for n_bins in [5, 10, 15]:
        case(fn, f'4 classes, {n_bins} bins', yTrue=Y40, probabilities=PROB40, options={'nBins': n_bins})
        case(fn, f'binary P(class 1), {n_bins} bins', yTrue=YC, probabilities=PC, options={'nBins': n_bins})
    case(fn, 'default options (10 bins)', yTrue=Y30, probabilities=PROB30)
    case(fn, 'two columns', yTrue=YB, probabilities=[[1 - p, p] for p in PB1], options={'nBins': 5})
    case(fn, 'confidences on the bin edges', yTrue=[0, 1, 1, 0, 2], probabilities=[[0.9, 0.1, 0.0], [0.2, 0.8, 0.0], [0.4, 0.6, 0.0], [0.3, 0.7, 0.0], [0.3, 0.3, 0.4]], options={'nBins': 5})
    case(fn, 'a confidence of 5/6 just above the edge 5 * (1/6)', yTrue=[0, 1, 1, 0], probabilities=[[5 / 6, 1 / 6], [1 / 6, 5 / 6], [0.4, 0.6], [0.3, 0.7]], options={'nBins': 6})
    case(fn, 'binary P(class 1) of 5/6 just above the edge 5 * (1/6)', yTrue=[0, 1, 1, 0], probabilities=[5 / 6, 5 / 6, 0.6, 0.7], options={'nBins': 6})
    case(fn, 'tied top probabilities take the first column', yTrue=[1, 0, 2], probabilities=[[0.4, 0.4, 0.2], [0.5, 0.5, 0.0], [0.2, 0.4, 0.4]], options={'nBins': 4})


def main():
    data = {
        'meta': {
            'generator': 'scripts/sklearn-metrics.py',
            'sklearn': sklearn.__version__,
            'numpy': np.__version__,
            'scipy': scipy.__version__,
            'python': platform.python_version(),
            'encoding': 'non-finite numbers are the strings "NaN", "Infinity" and "-Infinity"',
            'cases': len(CASES),
        },
        'cases': encode(CASES),
    }
    # One case per line: small, and a changed case is a changed line.
    lines = [json.dumps(c, separators=(',', ':'), allow_nan=False) for c in data['cases']]
    with open(OUT, 'w') as f:
        f.write('{"meta": ' + json.dumps(data['meta'], allow_nan=False) + ',\n"cases": [\n' + ',\n'.join(lines) + '\n]}\n')
    errors = sum('error' in c for c in CASES)
    print(f'wrote {len(CASES)} cases ({errors} where scikit-learn raises) to {os.path.relpath(OUT, ROOT)}')


if __name__ == '__main__':
    main()
