#!/usr/bin/env python3
# Copied from ../shared/bench/torch-workloads.py: PyTorch's side of softgrad's bench (npm run bench -- --torch).
"""PyTorch on the CPU, on softgrad's benchmark workloads W1-W4 (same data, same hyperparameters).

Usage: python3 torch-workloads.py W3 [threads] DATA_DIR
DATA_DIR holds w1/w2/w4 .X.f32 (float32 row-major), .y.i32 (int32 labels) and .json ({"N","D","C"}).
Times only the training loop (shuffle per epoch, forward, loss, backward, step, running loss as .item()),
as softgrad's bench does. Prints one line: RESULT {json}.
"""
import json
import os
import sys
import time

import numpy as np
import torch

WORKLOADS = {
    'W1': dict(data='w1', hidden=0, loss='softmax', opt='adam', lr=0.05, batch=16, epochs=100),
    'W2': dict(data='w2', hidden=0, loss='softmax', opt='sgd', lr=0.1, batch=128, epochs=1),
    'W3': dict(data='w2', hidden=128, loss='softmax', opt='adam', lr=1e-3, batch=128, epochs=1),
    'W4': dict(data='w4', hidden=0, loss='sigmoid', opt='sgd', lr=0.1, batch=256, epochs=1),
}


def main():
    name = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    data_dir = sys.argv[3]
    w = WORKLOADS[name]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    meta = json.load(open(os.path.join(data_dir, w['data'] + '.json')))
    n, d, c = meta['N'], meta['D'], meta['C']
    x = torch.from_numpy(np.fromfile(os.path.join(data_dir, w['data'] + '.X.f32'), dtype=np.float32).reshape(n, d))
    y_np = np.fromfile(os.path.join(data_dir, w['data'] + '.y.i32'), dtype=np.int32)
    out = 1 if w['loss'] == 'sigmoid' else c
    if w['hidden']:
        model = torch.nn.Sequential(torch.nn.Linear(d, w['hidden']), torch.nn.ReLU(), torch.nn.Linear(w['hidden'], out))
    else:
        model = torch.nn.Linear(d, out)
    if w['loss'] == 'sigmoid':
        y = torch.from_numpy(y_np.astype(np.float32)).reshape(n, 1)
        loss_fn = torch.nn.BCEWithLogitsLoss()
    else:
        y = torch.from_numpy(y_np.astype(np.int64))
        loss_fn = torch.nn.CrossEntropyLoss()
    opt = (torch.optim.Adam if w['opt'] == 'adam' else torch.optim.SGD)(model.parameters(), lr=w['lr'])
    gen = torch.Generator().manual_seed(0)
    b = w['batch']
    t0 = time.perf_counter()
    running = 0.0
    for _ in range(w['epochs']):
        order = torch.randperm(n, generator=gen)
        for s in range(0, n, b):
            idx = order[s:s + b]
            xb, yb = x[idx], y[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            running += loss.item()
    train_s = time.perf_counter() - t0
    with torch.no_grad():
        logits = model(x)
        pred = (logits[:, 0] > 0).long() if out == 1 else logits.argmax(1)
        acc = (pred.numpy() == y_np).mean()
    print('RESULT ' + json.dumps(dict(workload=name, system=f'torch-{torch.__version__}-{threads}t',
                                      train_s=train_s, final_acc=float(acc))))


if __name__ == '__main__':
    main()
