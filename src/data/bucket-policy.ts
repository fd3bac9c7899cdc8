import { isObject, stringList } from '../json.js'

// Whether a bucket policy lets Personalize read the data: the service principal personalize.amazonaws.com needs
// s3:GetObject on the objects and s3:ListBucket on the bucket (granting-personalize-s3-access), besides the role.
// Statements are evaluated as IAM does for the parts that decide it here: Principal, Action / NotAction, Resource /
// NotResource, and an explicit Deny before any Allow. What cannot be judged from the policy alone (a Condition,
// NotPrincipal) makes the answer unknown, never a false warning.

const PERSONALIZE_PRINCIPAL = 'personalize.amazonaws.com'

/** One permission Personalize needs: an action on a resource ARN. */
export interface Access {
  action: string
  resource: string
}

export type Verdict = 'allowed' | 'denied' | 'missing' | 'unknown'

/** The verdict for each access, in order; undefined when the policy is not a JSON policy document. */
export function evaluatePolicy(policyText: string, accesses: readonly Access[]): Verdict[] | undefined {
  let policy: unknown
  try {
    policy = JSON.parse(policyText)
  } catch {
    return undefined
  }
  if (!isObject(policy)) return undefined
  const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]).filter(isObject)
  return accesses.map(access => verdict(statements, access))
}

function verdict(statements: Record<string, unknown>[], access: Access): Verdict {
  const applying = statements.map(statement => ({ effect: statement.Effect, applies: applies(statement, access) }))
  if (applying.some(s => s.effect === 'Deny' && s.applies === 'yes')) return 'denied'
  if (applying.some(s => s.effect === 'Deny' && s.applies === 'maybe')) return 'unknown'
  if (applying.some(s => s.effect === 'Allow' && s.applies === 'yes')) return 'allowed'
  if (applying.some(s => s.effect === 'Allow' && s.applies === 'maybe')) return 'unknown'
  return 'missing'
}

function applies(statement: Record<string, unknown>, access: Access): 'yes' | 'no' | 'maybe' {
  const principal = 'NotPrincipal' in statement ? 'maybe' : namesPersonalize(statement.Principal) ? 'yes' : 'no'
  if (principal === 'no') return 'no'
  if (!matchesEither(statement.Action, statement.NotAction, access.action, false)) return 'no'
  if (!matchesEither(statement.Resource, statement.NotResource, access.resource, true)) return 'no'
  return principal === 'maybe' || 'Condition' in statement ? 'maybe' : 'yes'
}

/** `Action` (or `Resource`) lists it, or `NotAction` (`NotResource`) is given and does not. */
function matchesEither(listed: unknown, excluded: unknown, value: string, resource: boolean): boolean {
  const match = (pattern: string) => wildcardMatches(resource ? anyPartition(pattern) : pattern, value, !resource)
  if (listed !== undefined) return stringList(listed).some(match)
  if (excluded !== undefined) return !stringList(excluded).some(match)
  return resource // a statement without Resource (not valid in a bucket policy) is taken to name every resource
}

/** The statement to add, for a message: the bucket's ARNs in its partition, nothing else. */
export function personalizeStatement(bucket: string, actions: readonly string[], partition = 'aws'): string {
  return JSON.stringify({
    Sid: 'PersonalizeS3BucketAccess',
    Effect: 'Allow',
    Principal: { Service: PERSONALIZE_PRINCIPAL },
    Action: actions,
    Resource: [`arn:${partition}:s3:::${bucket}`, `arn:${partition}:s3:::${bucket}/*`],
  })
}

/** The partition of a region: aws-cn for China, aws-us-gov for GovCloud, aws elsewhere. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

function namesPersonalize(principal: unknown): boolean {
  if (principal === '*') return true
  if (!isObject(principal)) return false
  if (stringList(principal.AWS).includes('*')) return true
  return stringList(principal.Service).includes(PERSONALIZE_PRINCIPAL)
}

/** ARNs are compared whatever their partition: a policy names its own bucket's. */
function anyPartition(arn: string): string {
  return arn.replace(/^arn:[^:]*:/, 'arn:aws:')
}

function wildcardMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(resourceOrAction(value))
}

function resourceOrAction(value: string): string {
  return value.startsWith('arn:') ? anyPartition(value) : value
}
