// How close the app's numbers must be to PyTorch's on the parity goldens (make_goldens.py): every
// probability within PARITY_TOLERANCE, every Fmt value within FMT_TOLERANCE. One place, so a person's own
// exported model (modelFolder.export.test.ts) is held to exactly what the shipped ones are (parity.test.ts).
export const PARITY_TOLERANCE = 1e-4;
export const FMT_TOLERANCE = 1e-3;
