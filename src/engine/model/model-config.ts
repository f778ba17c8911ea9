/**
 * From the user's ModelConfig and a dataset's geometry to a ClassifierConfig. A field that contradicts the data
 * (input size for dense data, vocabulary for tokens) is an error naming the field, the expected and the actual value.
 */
import type { ModelConfig } from '../../contract/config.js';
import type { ClassifierConfig } from './classifier.js';

export interface DataGeometry {
  kind: 'dense' | 'tokens';
  inputSize: number;
  vocabSize: number;
  numClasses: number;
}

export class ModelConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export function classifierConfigFor(model: ModelConfig, data: DataGeometry): ClassifierConfig {
  const base = {
    hiddenSize: model.hidden,
    numLayers: model.layers,
    bidirectional: model.bidirectional,
    batchFirst: model.batchFirst,
    dropout: model.dropout,
    feature: model.feature,
    numClasses: data.numClasses,
  };
  if (data.kind === 'dense') {
    if (model.inputSize !== undefined && model.inputSize !== data.inputSize) {
      throw new ModelConfigError('model.inputSize', `expected ${data.inputSize} (features per step of this dataset), got ${model.inputSize}`);
    }
    if (model.vocabSize !== undefined) {
      throw new ModelConfigError('model.vocabSize', 'expected no vocabulary for a dense dataset (it has no tokens)');
    }
    return { ...base, inputSize: data.inputSize };
  }
  if (model.vocabSize !== undefined && model.vocabSize < data.vocabSize) {
    throw new ModelConfigError('model.vocabSize', `expected at least ${data.vocabSize} (the dataset's vocabulary), got ${model.vocabSize}`);
  }
  return { ...base, inputSize: 0, vocabSize: model.vocabSize ?? data.vocabSize, embeddingSize: model.embeddingSize };
}
