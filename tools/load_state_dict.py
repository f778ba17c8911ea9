#!/usr/bin/env python3
"""Load an LSTM Studio state_dict.json into PyTorch.

The file holds {name: {"shape": [...], "data": [...]}} with PyTorch state_dict names
(embeddings.weight, lstm.weight_ih_l0, ..., fc.weight, fc.bias) and data flat in row-major order.

  python3 tools/load_state_dict.py RUN/state_dict.json
      prints every tensor's name and shape.

  python3 tools/load_state_dict.py RUN/state_dict.json --check --hidden 100 --input-size 28 [--layers 2]
      [--bidirectional] [--feature hidden_concat] [--classes 10] [--vocab-size V --embedding-size E]
      builds nn.Embedding (when --vocab-size) -> nn.LSTM -> nn.Linear with that description,
      load_state_dict(strict=True)s the tensors into it and runs one forward pass.
  --run-json RUN/run.json takes the model description from a run record instead of the flags.

Uses only json and torch. Exit status: 0 ok, 1 the file or the check failed, 2 bad arguments.
"""
import argparse
import json
import math
import sys

FEATURES = ("output_step", "hidden_concat", "hidden_last", "mean_pool")


def fail(message, status=1):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(status)


def load_json_tensors(path):
    """The file as {name: torch.Tensor (float32)}; clear errors naming the tensor when malformed."""
    import torch

    try:
        with open(path, "r", encoding="utf-8") as f:
            raw = json.load(f)
    except OSError as e:
        fail(f"{path}: {e.strerror or e}")
    except json.JSONDecodeError as e:
        fail(f"{path}: not valid JSON ({e})")
    if not isinstance(raw, dict):
        fail(f"{path}: expected an object of tensors by name")
    tensors = {}
    for name, entry in raw.items():
        where = f'{path}: tensor "{name}"'
        if not isinstance(entry, dict) or "shape" not in entry or "data" not in entry:
            fail(f"{where}: expected {{\"shape\": [...], \"data\": [...]}}")
        shape, data = entry["shape"], entry["data"]
        if not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0 for d in shape):
            fail(f"{where}: shape: expected a list of non-negative integers")
        if not isinstance(data, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in data):
            fail(f"{where}: data: expected a list of numbers")
        if len(data) != math.prod(shape):
            fail(f"{where}: {len(data)} values for shape {shape} (needs {math.prod(shape)})")
        tensors[name] = torch.tensor(data, dtype=torch.float32).reshape(shape)
    return tensors


def description_from_run_json(path):
    """Model settings from a run.json (RunRecord): config.model."""
    try:
        with open(path, "r", encoding="utf-8") as f:
            model = json.load(f)["config"]["model"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        fail(f"{path}: cannot read config.model from this run record ({e})")
    return {
        "input_size": model.get("inputSize"),
        "vocab_size": model.get("vocabSize"),
        "embedding_size": model.get("embeddingSize", 64),
        "hidden": model.get("hidden", 100),
        "layers": model.get("layers", 1),
        "bidirectional": bool(model.get("bidirectional", False)),
        "batch_first": bool(model.get("batchFirst", True)),
        "feature": model.get("feature", "hidden_concat"),
    }


def build_model(d, classes):
    import torch
    from torch import nn

    class Classifier(nn.Module):
        """Embedding (optional) -> LSTM -> feature -> Linear, as LSTM Studio builds it."""

        def __init__(self):
            super().__init__()
            if d["vocab_size"]:
                self.embeddings = nn.Embedding(d["vocab_size"], d["embedding_size"])
                lstm_in = d["embedding_size"]
            else:
                self.embeddings = None
                lstm_in = d["input_size"]
            self.lstm = nn.LSTM(lstm_in, d["hidden"], d["layers"], batch_first=d["batch_first"],
                                bidirectional=d["bidirectional"])
            dirs = 2 if d["bidirectional"] else 1
            width = d["hidden"] * dirs * (d["layers"] if d["feature"] == "hidden_concat" else 1)
            self.fc = nn.Linear(width, classes)

        def forward(self, x):
            if self.embeddings is not None:
                x = self.embeddings(x)
            out, (h_n, _) = self.lstm(x)
            dirs = 2 if d["bidirectional"] else 1
            if d["feature"] == "output_step":
                feat = out[:, -1] if d["batch_first"] else out[-1]
            elif d["feature"] == "hidden_concat":
                feat = torch.cat([h_n[i] for i in range(h_n.shape[0])], dim=-1)
            elif d["feature"] == "hidden_last":
                feat = torch.cat([h_n[-dirs + i] for i in range(dirs)], dim=-1)
            else:
                feat = out.mean(dim=1 if d["batch_first"] else 0)
            return torch.softmax(self.fc(feat), dim=-1)

    return Classifier()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("file", help="state_dict.json written by LSTM Studio")
    p.add_argument("--check", action="store_true", help="load into a model of the given description")
    p.add_argument("--run-json", help="take the model description from this run.json")
    p.add_argument("--input-size", type=int, help="features per step (no embedding)")
    p.add_argument("--vocab-size", type=int, help="token vocabulary (adds nn.Embedding)")
    p.add_argument("--embedding-size", type=int, default=64)
    p.add_argument("--hidden", type=int)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--bidirectional", action="store_true")
    p.add_argument("--seq-first", action="store_true", help="batch_first=False")
    p.add_argument("--feature", choices=FEATURES, default="hidden_concat")
    p.add_argument("--classes", type=int, help="output classes (default: from fc.bias)")
    args = p.parse_args()

    try:
        import torch
    except ImportError:
        fail("PyTorch is not installed (pip install torch, or apt-get install python3-torch)")

    tensors = load_json_tensors(args.file)
    if not args.check:
        for name, t in tensors.items():
            print(f"{name}\t{list(t.shape)}")
        print(f"{len(tensors)} tensors, {sum(t.numel() for t in tensors.values())} values")
        return

    if args.run_json:
        d = description_from_run_json(args.run_json)
    else:
        d = {
            "input_size": args.input_size, "vocab_size": args.vocab_size, "embedding_size": args.embedding_size,
            "hidden": args.hidden, "layers": args.layers, "bidirectional": args.bidirectional,
            "batch_first": not args.seq_first, "feature": args.feature,
        }
    if not d["hidden"] or d["hidden"] < 1:
        fail("--check needs --hidden (or --run-json)", 2)
    if not d["vocab_size"] and not d["input_size"]:
        fail("--check needs --input-size or --vocab-size (or --run-json)", 2)
    if d["feature"] not in FEATURES:
        fail(f"feature {d['feature']!r}: expected one of {', '.join(FEATURES)}", 2)
    classes = args.classes
    if classes is None:
        if "fc.bias" not in tensors:
            fail("no fc.bias in the file: pass --classes", 2)
        classes = tensors["fc.bias"].shape[0]

    model = build_model(d, classes)
    try:
        model.load_state_dict(tensors, strict=True)
    except RuntimeError as e:
        fail(f"{args.file} does not fit the model described:\n{e}")
    model.eval()
    batch, steps = 2, 5
    if d["vocab_size"]:
        x = torch.randint(0, d["vocab_size"], (batch, steps) if d["batch_first"] else (steps, batch))
    else:
        x = torch.randn((batch, steps, d["input_size"]) if d["batch_first"] else (steps, batch, d["input_size"]))
    with torch.no_grad():
        probs = model(x)
    if not torch.isfinite(probs).all():
        fail("the forward pass produced non-finite values")
    print(f"ok: {len(tensors)} tensors loaded into {model.__class__.__name__} "
          f"(LSTM hidden {d['hidden']}, {d['layers']} layer(s), "
          f"{'bi' if d['bidirectional'] else 'uni'}directional, feature {d['feature']}, {classes} classes); "
          f"forward pass gives probabilities of shape {list(probs.shape)}")


if __name__ == "__main__":
    main()
