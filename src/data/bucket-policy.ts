// Whether a bucket policy lets Personalize read the data: the service principal personalize.amazonaws.com needs
// s3:GetObject on the objects and s3:ListBucket on the bucket (granting-personalize-s3-access), besides the role.

const PERSONALIZE_PRINCIPAL = 'personalize.amazonaws.com'

/** The actions the policy lacks for Personalize ([] when it has them all); `undefined` when it cannot be read. */
export function missingPersonalizeActions(policyText: string, needed: readonly string[]): string[] | undefined {
  let policy: unknown
  try {
    policy = JSON.parse(policyText)
  } catch {
    return undefined
  }
  if (!isObject(policy)) return undefined
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]
  const allowed = new Set<string>()
  for (const statement of statements) {
    if (!isObject(statement) || statement.Effect !== 'Allow' || !namesPersonalize(statement.Principal)) continue
    for (const action of list(statement.Action)) {
      for (const want of needed) if (actionMatches(action, want)) allowed.add(want)
    }
  }
  return needed.filter(action => !allowed.has(action))
}

/** The statement to add, for a message: with the bucket's ARNs, nothing else. */
export function personalizeStatement(bucket: string, actions: readonly string[]): string {
  return JSON.stringify({
    Sid: 'PersonalizeS3BucketAccess',
    Effect: 'Allow',
    Principal: { Service: PERSONALIZE_PRINCIPAL },
    Action: actions,
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
  })
}

function namesPersonalize(principal: unknown): boolean {
  if (principal === '*') return true
  if (!isObject(principal)) return false
  if (principal.AWS === '*') return true
  return list(principal.Service).includes(PERSONALIZE_PRINCIPAL)
}

function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i')
  return regex.test(action)
}

function list(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
