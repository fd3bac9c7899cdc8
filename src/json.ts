// Reading JSON that comes from outside (a schema, a bucket policy, a service answer) without trusting its shape.

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A member that IAM and Avro let be one string or a list of them, as a list of its strings. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}
