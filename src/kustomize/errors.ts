// A kustomize build or edit failure: the message is one line, worded as kustomize words it where it can be.
export class KustomizeError extends Error {}
