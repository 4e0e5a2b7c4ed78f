// `node write-torch-data.js DIR W2`: writes a workload's data files for PyTorch in a process of its own, so the
// suite never holds the data: on Linux a child's peak RSS starts from the suite's, which fork copies.
import { writeTorchData } from './torch-data.js';
import type { WorkloadName } from './workloads.js';

const [, , dir, name] = process.argv;
writeTorchData(dir, name as WorkloadName);
