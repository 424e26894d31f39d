"""TraceLens training package: AMTENnet for manipulated-face detection (faces-v1)."""

CLASSES = ["real", "identity", "attribute", "splice"]
INPUT_SIZE = 128
MODEL_ID = "amtennet-faces-v1"
