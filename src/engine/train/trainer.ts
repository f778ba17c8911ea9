/**
 * The training loop's state machine, one optimizer step at a time, so a host can interleave events,
 * checkpoints, pause and stop. Deterministic: the same seed, data and backend give identical metrics.
 * Data order: one seeded permutation per epoch (batches of `batch`, the last partial batch dropped as the
 * seed's loop does); the RNG state at the epoch's start plus the cursor is all a checkpoint needs.
 */
import * as tf from '../tfjs.js';
import type { TrainConfig } from '../../contract/config.js';
import { gatherBatch } from '../data/batch.js';
import type { Split } from '../data/dataset.js';
import { Rng } from '../rng.js';
import { crossEntropy, type SequenceClassifier } from '../model/classifier.js';
import { batchTensors } from './batch-tensors.js';
import { makeOptimizer } from './optimizer.js';

/** Where the loop stands; saved in checkpoints. */
export interface TrainerState {
  /** Optimizer steps done. */
  step: number;
  /** 0-based epoch of the next batch. */
  epoch: number;
  /** Next batch index within the epoch. */
  cursor: number;
  /** Data RNG state at the start of `epoch` (regenerates its permutation). */
  epochRngState: number;
}

export interface StepResult {
  step: number;
  epoch: number;
  loss: number;
}

export interface EvalResult {
  testLoss: number;
  /** In [0, 1]. */
  testAcc: number;
  count: number;
}

export const EVAL_BATCH = 500;

export function batchesPerEpoch(trainCount: number, batch: number): number {
  return Math.max(1, Math.floor(trainCount / Math.min(batch, trainCount)));
}

export function plannedSteps(trainCount: number, train: Pick<TrainConfig, 'batch' | 'epochs' | 'maxSteps'>): number {
  const total = batchesPerEpoch(trainCount, train.batch) * train.epochs;
  return train.maxSteps !== undefined ? Math.min(total, train.maxSteps) : total;
}

export class Trainer {
  readonly optimizer: tf.Optimizer;
  readonly plannedSteps: number;
  private readonly batchSize: number;
  private readonly perEpoch: number;
  private readonly vars: tf.Variable[];
  private st: TrainerState;
  private perm: Int32Array;

  constructor(
    readonly model: SequenceClassifier,
    readonly trainSplit: Split,
    readonly testSplit: Split,
    readonly config: TrainConfig,
    resume?: TrainerState,
  ) {
    this.optimizer = makeOptimizer(config.optimizer, config.lr);
    this.batchSize = Math.min(config.batch, trainSplit.count);
    this.perEpoch = batchesPerEpoch(trainSplit.count, config.batch);
    this.plannedSteps = plannedSteps(trainSplit.count, config);
    this.vars = model.namedParameters().map(([, v]) => v);
    this.st = resume ?? { step: 0, epoch: 0, cursor: 0, epochRngState: new Rng(config.seed ^ 0x5eed1234).state };
    this.perm = new Rng(this.st.epochRngState).permutation(trainSplit.count);
  }

  get state(): TrainerState {
    return { ...this.st };
  }

  get done(): boolean {
    return this.st.step >= this.plannedSteps;
  }

  /** One optimizer step on the next batch. The loss may be NaN/Inf: the caller decides (diverged). */
  step(): StepResult {
    const { cursor, epoch } = this.st;
    const idx = this.perm.subarray(cursor * this.batchSize, (cursor + 1) * this.batchSize);
    const batch = gatherBatch(this.trainSplit, idx);
    const dropoutSeed = (this.config.seed * 1_000_003 + this.st.step) % 2_147_483_647;
    const loss = tf.tidy(() => {
      const { input, labels } = batchTensors(batch, this.model.config.batchFirst);
      const cost = this.optimizer.minimize(
        () => crossEntropy(this.model.forward(input, true, dropoutSeed).logits, labels),
        true,
        this.vars,
      );
      return cost ? cost.dataSync()[0] : NaN;
    });
    this.st.step += 1;
    this.st.cursor += 1;
    if (this.st.cursor >= this.perEpoch) this.nextEpoch();
    return { step: this.st.step, epoch, loss };
  }

  private nextEpoch(): void {
    const rng = Rng.fromState(this.st.epochRngState);
    rng.permutation(this.trainSplit.count); // advance past this epoch's draw
    this.st.epoch += 1;
    this.st.cursor = 0;
    this.st.epochRngState = rng.state;
    this.perm = Rng.fromState(this.st.epochRngState).permutation(this.trainSplit.count);
  }

  /** Mean cross-entropy and accuracy on the test split (eval mode: no dropout). */
  evaluate(): EvalResult {
    return evaluateModel(this.model, this.testSplit);
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

export function evaluateModel(model: SequenceClassifier, split: Split): EvalResult {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < split.count; start += EVAL_BATCH) {
    const n = Math.min(EVAL_BATCH, split.count - start);
    const idx = Int32Array.from({ length: n }, (_, i) => start + i);
    const batch = gatherBatch(split, idx);
    const [l, c] = tf.tidy(() => {
      const { input, labels } = batchTensors(batch, model.config.batchFirst);
      const logits = model.forward(input, false).logits;
      const loss = tf.mul(crossEntropy(logits, labels), n);
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
      return [loss.dataSync()[0], hits.dataSync()[0]];
    });
    lossSum += l;
    correct += c;
  }
  return { testLoss: lossSum / split.count, testAcc: correct / split.count, count: split.count };
}
