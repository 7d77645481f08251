// The Distributions module: probability distributions used for prediction intervals and the
// probability that a target is met. See StudentTDistribution and NormalDistribution.
