"""Write a parity fixture from your own torch.nn.LSTM, for `lstm-studio parity FILE`.

The format is the one of test/fixtures/torch-lstm (float64, every tensor {"shape", "data"} flat row-major):
config, PyTorch state_dict weights, input, optional h0/c0 and lengths, output, h_n, c_n, both seed features,
and the gradients of loss = sum(output*w_o) + sum(h_n*w_h) + sum(c_n*w_c) w.r.t. every weight, the input, h0, c0.

As a library:
    from make_lstm_fixture import lstm_fixture
    json.dump(lstm_fixture(my_lstm, batch=4, seq_len=10), open("mine.json", "w"))
As a command (builds a fresh nn.LSTM from flags, or loads weights saved with torch.save(lstm.state_dict())):
    python3 tools/make_lstm_fixture.py OUT.json --input-size 28 --hidden 16 [--layers 2] [--bidirectional]
        [--seq-first] [--batch 3] [--seq-len 5] [--lengths 5,2,4] [--state] [--weights FILE.pt] [--seed 0]
Needs PyTorch (Debian: apt-get install python3-torch; run with /usr/bin/python3).
"""
import argparse
import json

import torch
import torch.nn as nn


def t2j(t):
    return {"shape": list(t.shape), "data": [float(f"{v:.10g}") for v in t.detach().reshape(-1).tolist()]}


def lstm_fixture(m: nn.LSTM, batch: int, seq_len: int, lengths=None, with_state=False, seed=0, name="user-lstm"):
    """Runs `m` (converted to float64) on seeded random input and returns the fixture dict."""
    m = m.double()
    g = torch.Generator().manual_seed(seed)
    L, H, D = m.num_layers, m.hidden_size, m.input_size
    dirs = 2 if m.bidirectional else 1
    bf = m.batch_first
    x = torch.randn((batch, seq_len, D) if bf else (seq_len, batch, D), generator=g, dtype=torch.float64).requires_grad_()
    state = None
    if with_state:
        h0 = (torch.randn(L * dirs, batch, H, generator=g, dtype=torch.float64) * 0.5).requires_grad_()
        c0 = (torch.randn(L * dirs, batch, H, generator=g, dtype=torch.float64) * 0.5).requires_grad_()
        state = (h0, c0)
    m.zero_grad()
    if lengths is not None:
        packed = nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths), batch_first=bf, enforce_sorted=False)
        pout, (hn, cn) = m(packed, state) if state else m(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(pout, batch_first=bf, total_length=seq_len)
    else:
        out, (hn, cn) = m(x, state) if state else m(x)
    go, gh, gc = (torch.randn(t.shape, generator=g, dtype=torch.float64) for t in (out, hn, cn))
    ((out * go).sum() + (hn * gh).sum() + (cn * gc).sum()).backward()
    last = out[:, -1] if bf else out[-1]
    fx = {
        "kind": "lstm", "name": name, "torch_version": torch.__version__,
        "config": {"input_size": D, "hidden_size": H, "num_layers": L, "bidirectional": m.bidirectional,
                   "batch_first": bf, "batch": batch, "seq_len": seq_len},
        **({"lengths": list(lengths)} if lengths is not None else {}),
        "weights": {k: t2j(v) for k, v in m.state_dict().items()},
        "input": t2j(x), "output": t2j(out), "h_n": t2j(hn), "c_n": t2j(cn),
        "features": {"output_step": t2j(last), "hidden_concat": t2j(torch.cat([hn[i] for i in range(hn.shape[0])], dim=-1))},
        "loss_weights": {"output": t2j(go), "h_n": t2j(gh), "c_n": t2j(gc)},
        "grads": {**{k: t2j(p.grad) for k, p in m.named_parameters()}, "input": t2j(x.grad)},
    }
    if state:
        fx["h0"], fx["c0"] = t2j(state[0]), t2j(state[1])
        fx["grads"]["h0"], fx["grads"]["c0"] = t2j(state[0].grad), t2j(state[1].grad)
    return fx


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--input-size", type=int, required=True)
    ap.add_argument("--hidden", type=int, required=True)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--bidirectional", action="store_true")
    ap.add_argument("--seq-first", action="store_true")
    ap.add_argument("--batch", type=int, default=3)
    ap.add_argument("--seq-len", type=int, default=5)
    ap.add_argument("--lengths", help="comma-separated true lengths (packed sequences), one per sample")
    ap.add_argument("--state", action="store_true", help="also random h0/c0")
    ap.add_argument("--weights", help="a state_dict saved with torch.save(lstm.state_dict())")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    m = nn.LSTM(a.input_size, a.hidden, a.layers, batch_first=not a.seq_first, bidirectional=a.bidirectional)
    if a.weights:
        m.load_state_dict(torch.load(a.weights))
    lengths = [int(v) for v in a.lengths.split(",")] if a.lengths else None
    if lengths is not None and (len(lengths) != a.batch or not all(1 <= v <= a.seq_len for v in lengths)):
        ap.error(f"--lengths: expected {a.batch} integers from 1 to {a.seq_len}")
    fx = lstm_fixture(m, a.batch, a.seq_len, lengths, a.state, a.seed, name=a.out.rsplit("/", 1)[-1].removesuffix(".json"))
    with open(a.out, "w") as f:
        json.dump(fx, f)
    print(f"wrote {a.out}: lstm-studio parity {a.out}")


if __name__ == "__main__":
    main()
