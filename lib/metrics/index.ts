/** Statistics core of Hardlab: pure functions on numbers and typed arrays; NaN marks a missing value. */
export {
  krippendorffAlpha,
  krippendorffAlphaInterval,
  krippendorffAlphaResampled,
  krippendorffAlphaTwoWayInterval,
} from "./agreement";
export type { AlphaLevel, CodedValues } from "./agreement";
export {
  PROBABILITY_FLOOR,
  calibrationWeight,
  calibrationWeightedPool,
  countsPool,
  fitTemperature,
  linearPool,
  linearPoolRows,
  logarithmicPool,
  majorityVote,
  temperatureScale,
  temperatureScaledPool,
} from "./aggregation";
export {
  bootstrap,
  bootstrapCorrelationMatrix,
  mulberry32,
  percentileInterval,
  resampleIndices,
  resampleWeights,
} from "./bootstrap";
export type { BootstrapOptions, CorrelationMatrixInterval, Interval, Resampling } from "./bootstrap";
export {
  TIE_TOLERANCE,
  accuracy,
  argmax,
  brierScore,
  expectedCalibrationError,
  logLoss,
  reliabilityBins,
  topChoiceCredit,
} from "./calibration";
export type { Binning, ReliabilityBin } from "./calibration";
export { kendallTauB, partialSpearman, pearson, spearman } from "./correlation";
export type { Correlation } from "./correlation";
export { correlationMatrix, prepareCorrelationMatrix } from "./correlationMatrix";
export type { CorrelationMatrix, CorrelationMethod, PreparedCorrelationMatrix } from "./correlationMatrix";
export { dawidSkene, majorityVoteLabels, raschDifficulty } from "./crowd";
export type { DawidSkeneOptions, DawidSkeneResult, RaschOptions, RaschResult, Responses } from "./crowd";
export {
  PAPER_CUTOFFS,
  PAPER_QUANTILE_SHARE,
  quantile,
  quantilePartition,
  quantileSorted,
  thresholdPartition,
} from "./cutoffs";
export type { Cutoffs, Partition } from "./cutoffs";
export {
  gapIntervalFromAccuracies,
  gapRecovered,
  performanceGapRecovered,
  performanceGapRecoveredInterval,
  supervisionGapRecovered,
  supervisionGapRecoveredInterval,
} from "./generalization";
export type { SupervisionScores, WeakToStrongScores } from "./generalization";
export { entropyEstimates, subsampleEntropy } from "./entropy-estimators";
export type { EntropyEstimates, ItemLabels } from "./entropy-estimators";
export {
  disagreement,
  entropyBits,
  entropyNats,
  jensenShannonDistance,
  jensenShannonDivergence,
  jensenShannonDivergenceBits,
  klDivergence,
  meanEntropy,
  normalizedEntropy,
  pooledEntropy,
} from "./information";
export { ratingSummary } from "./ordinal";
export type { RatingSummary } from "./ordinal";
export { averageRanks, ranking } from "./ranks";
export type { Ranking } from "./ranks";
