/**
 * A minimal WebAssembly binary encoder: enough of the MVP and fixed-width SIMD instruction sets to write
 * numeric kernels in TypeScript and assemble them at run time (no external toolchain). One module = one
 * imported memory + functions; every function may be exported by name.
 *
 * Instructions are emitted by mnemonic (`f.op('f32x4.mul')`), memory accesses with an offset
 * (`f.mem('v128.load', 16)`), control flow with `block/loop/if_/else_/end/br/brIf`.
 */

export type ValType = 'i32' | 'f32' | 'v128';

const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** Plain opcodes (one byte) and SIMD opcodes (0xfd prefix + LEB128 index). */
const PLAIN: Record<string, number> = {
  unreachable: 0x00, nop: 0x01, return: 0x0f, drop: 0x1a, select: 0x1b,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49, 'i32.gt_s': 0x4a,
  'i32.gt_u': 0x4b, 'i32.le_s': 0x4c, 'i32.ge_s': 0x4e,
  'f32.eq': 0x5b, 'f32.ne': 0x5c, 'f32.lt': 0x5d, 'f32.gt': 0x5e, 'f32.le': 0x5f, 'f32.ge': 0x60,
  'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c, 'i32.div_s': 0x6d, 'i32.and': 0x71, 'i32.or': 0x72,
  'i32.shl': 0x74, 'i32.shr_s': 0x75, 'i32.shr_u': 0x76,
  'f32.abs': 0x8b, 'f32.neg': 0x8c, 'f32.sqrt': 0x91, 'f32.add': 0x92, 'f32.sub': 0x93, 'f32.mul': 0x94,
  'f32.div': 0x95, 'f32.min': 0x96, 'f32.max': 0x97, 'f32.nearest': 0x90,
  'i32.trunc_f32_s': 0xa8, 'f32.convert_i32_s': 0xb2, 'i32.reinterpret_f32': 0xbc, 'f32.reinterpret_i32': 0xbe,
};

const SIMD: Record<string, number> = {
  'i32x4.splat': 0x11, 'f32x4.splat': 0x13, 'f32x4.extract_lane': 0x1f,
  'f32x4.eq': 0x41, 'f32x4.lt': 0x43, 'f32x4.gt': 0x44,
  'v128.not': 0x4d, 'v128.and': 0x4e, 'v128.andnot': 0x4f, 'v128.or': 0x50, 'v128.xor': 0x51, 'v128.bitselect': 0x52,
  'f32x4.nearest': 0x6a,
  'i32x4.shl': 0xab, 'i32x4.add': 0xae, 'i32x4.sub': 0xb1,
  'f32x4.abs': 0xe0, 'f32x4.neg': 0xe1, 'f32x4.sqrt': 0xe3, 'f32x4.add': 0xe4, 'f32x4.sub': 0xe5,
  'f32x4.mul': 0xe6, 'f32x4.div': 0xe7, 'f32x4.pmin': 0xea, 'f32x4.pmax': 0xeb,
  'i32x4.trunc_sat_f32x4_s': 0xf8, 'f32x4.convert_i32x4_s': 0xfa,
  /** Relaxed SIMD: a·b + c, fused where the CPU has FMA. */
  'f32x4.relaxed_madd': 0x105,
};

/** Memory instructions: [prefix or -1, opcode, natural alignment log2]. */
const MEMORY: Record<string, [number, number, number]> = {
  'i32.load': [-1, 0x28, 2],
  'f32.load': [-1, 0x2a, 2],
  'i32.store': [-1, 0x36, 2],
  'f32.store': [-1, 0x38, 2],
  'v128.load': [0xfd, 0x00, 4],
  'v128.load32_splat': [0xfd, 0x09, 2],
  'v128.store': [0xfd, 0x0b, 4],
};

export function uleb(n: number, out: number[] = []): number[] {
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

export function sleb(n: number, out: number[] = []): number[] {
  let v = n | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const f32buf = new Float32Array(1);
const f32bytes = new Uint8Array(f32buf.buffer);

export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(
    readonly name: string | null,
    readonly params: ValType[],
    readonly results: ValType[],
  ) {}

  /** A new local of `type`; returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  op(mnemonic: string): this {
    const plain = PLAIN[mnemonic];
    if (plain !== undefined) {
      this.code.push(plain);
      return this;
    }
    const simd = SIMD[mnemonic];
    if (simd === undefined) throw new Error(`wasm-encoder: unknown instruction "${mnemonic}"`);
    this.code.push(0xfd);
    uleb(simd, this.code);
    return this;
  }

  /** A memory access with a constant byte offset. */
  mem(mnemonic: string, offset = 0): this {
    const m = MEMORY[mnemonic];
    if (!m) throw new Error(`wasm-encoder: unknown memory instruction "${mnemonic}"`);
    if (m[0] >= 0) this.code.push(m[0]);
    uleb(m[1], this.code);
    uleb(m[2], this.code);
    uleb(offset, this.code);
    return this;
  }

  lane(mnemonic: 'f32x4.extract_lane', lane: number): this {
    this.op(mnemonic);
    this.code.push(lane);
    return this;
  }

  get(i: number): this {
    this.code.push(0x20);
    uleb(i, this.code);
    return this;
  }

  set(i: number): this {
    this.code.push(0x21);
    uleb(i, this.code);
    return this;
  }

  tee(i: number): this {
    this.code.push(0x22);
    uleb(i, this.code);
    return this;
  }

  i32(n: number): this {
    this.code.push(0x41);
    sleb(n, this.code);
    return this;
  }

  f32(x: number): this {
    f32buf[0] = x;
    this.code.push(0x43, ...f32bytes);
    return this;
  }

  /** v128.const with four equal f32 lanes. */
  f32x4(x: number): this {
    f32buf[0] = x;
    this.code.push(0xfd, 0x0c);
    for (let k = 0; k < 4; k++) this.code.push(...f32bytes);
    return this;
  }

  block(): this {
    this.code.push(0x02, 0x40);
    return this;
  }

  loop(): this {
    this.code.push(0x03, 0x40);
    return this;
  }

  if_(): this {
    this.code.push(0x04, 0x40);
    return this;
  }

  else_(): this {
    this.code.push(0x05);
    return this;
  }

  end(): this {
    this.code.push(0x0b);
    return this;
  }

  br(depth: number): this {
    this.code.push(0x0c);
    uleb(depth, this.code);
    return this;
  }

  brIf(depth: number): this {
    this.code.push(0x0d);
    uleb(depth, this.code);
    return this;
  }

  call(fn: number): this {
    this.code.push(0x10);
    uleb(fn, this.code);
    return this;
  }

  /** The encoded body: local declarations (run-length by type) + code + end. */
  body(): number[] {
    const groups: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const out: number[] = [];
    uleb(groups.length, out);
    for (const [n, t] of groups) {
      uleb(n, out);
      out.push(VALTYPE[t]);
    }
    append(out, this.code);
    out.push(0x0b);
    return append(uleb(out.length), out);
  }
}

/** Appends without spreading (bodies can exceed the engine's argument limit). */
function append(out: number[], more: number[]): number[] {
  for (let i = 0; i < more.length; i++) out.push(more[i]);
  return out;
}

function section(id: number, payload: number[]): number[] {
  return append([id, ...uleb(payload.length)], payload);
}

function name(s: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...uleb(bytes.length), ...bytes];
}

/** A module importing `env.memory` and defining functions. Function indices follow creation order. */
export class ModuleBuilder {
  readonly functions: FunctionBuilder[] = [];

  func(name: string | null, params: ValType[], results: ValType[] = []): FunctionBuilder {
    const f = new FunctionBuilder(name, params, results);
    this.functions.push(f);
    return f;
  }

  indexOf(f: FunctionBuilder): number {
    const i = this.functions.indexOf(f);
    if (i < 0) throw new Error('wasm-encoder: function not in this module');
    return i;
  }

  encode(): Uint8Array<ArrayBuffer> {
    const types: string[] = [];
    const typeIdx = this.functions.map((f) => {
      const key = `${f.params.join(',')}->${f.results.join(',')}`;
      let i = types.indexOf(key);
      if (i < 0) i = types.push(key) - 1;
      return i;
    });
    const typeSec: number[] = uleb(types.length);
    for (const key of types) {
      const [p, r] = key.split('->').map((s) => (s ? (s.split(',') as ValType[]) : []));
      typeSec.push(0x60, ...uleb(p.length), ...p.map((t) => VALTYPE[t]), ...uleb(r.length), ...r.map((t) => VALTYPE[t]));
    }
    // (import "env" "memory" (memory 1))
    const importSec = [...uleb(1), ...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)];
    const funcSec = [...uleb(this.functions.length), ...typeIdx.flatMap((i) => uleb(i))];
    const exported = this.functions.map((f, i) => [f.name, i] as const).filter((e): e is [string, number] => e[0] !== null);
    const exportSec = [...uleb(exported.length), ...exported.flatMap(([n, i]) => [...name(n), 0x00, ...uleb(i)])];
    const codeSec = uleb(this.functions.length);
    for (const f of this.functions) append(codeSec, f.body());
    const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    for (const s of [section(1, typeSec), section(2, importSec), section(3, funcSec), section(7, exportSec), section(10, codeSec)]) append(out, s);
    return Uint8Array.from(out);
  }
}
