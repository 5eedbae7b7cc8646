/** Metric names as people say them, and which direction is better. */
export const METRIC_WORDS: Record<string, string> = {
  accuracy: 'Accuracy',
  macroF1: 'Macro F1',
  kappa: 'Cohen’s κ',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  mse: 'MSE'
}

export function metricWord(name: string): string {
  return METRIC_WORDS[name] ?? name
}
