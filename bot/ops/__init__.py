"""Running it: the CLI, the launcher, model builds, Rasa's config, the cluster, the evaluations. Imports rasa."""
