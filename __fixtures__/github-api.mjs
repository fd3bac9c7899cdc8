// @ts-check
// A fake GitHub REST API on 127.0.0.1 for the commit-status tests: it records every status posted, and answers as
// a test scripts it (201, a 403 for a read-only token, a 403 for a spent rate limit, a 502, or no answer at all).
import { LoopbackServer, readBody } from '../emulator/http.mjs'

/**
 * @typedef {{ owner: string, repo: string, sha: string, authorization: string, body: any }} PostedStatus
 * @typedef {'ok' | 'forbidden' | 'rate-limited' | 'fail' | 'hang' | 'http500' | 'html200'} Mode
 */

export class FakeGitHubApi {
  constructor() {
    /** @type {PostedStatus[]} */
    this.statuses = []
    /** @type {Mode} */
    this.mode = 'ok'
    /** @type {Mode[]} how the next requests are answered, one each, before `mode` applies again */
    this.script = []
    this.server = new LoopbackServer((req, res) => this.handle(req, res))
  }

  get url() {
    return this.server.url
  }

  async start() {
    await this.server.listen()
    return this
  }

  async close() {
    await this.server.close()
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async handle(req, res) {
    const body = await readBody(req)
    const match = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([0-9a-f]+)$/.exec(req.url ?? '')
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"Not Found"}')
      return
    }
    const [, owner = '', repo = '', sha = ''] = match
    this.statuses.push({
      owner,
      repo,
      sha,
      authorization: String(req.headers.authorization ?? ''),
      body: JSON.parse(body),
    })
    const mode = this.script.shift() ?? this.mode
    if (mode === 'hang') return // never answers; close() ends the socket
    if (mode === 'http500') {
      res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"message":"Server Error"}')
      return
    }
    if (mode === 'html200') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Sign in to the proxy</body></html>')
      return
    }
    if (mode === 'forbidden') {
      res.writeHead(403, { 'Content-Type': 'application/json' })
      res.end('{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest"}')
      return
    }
    if (mode === 'rate-limited') {
      res.writeHead(403, {
        'Content-Type': 'application/json',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-limit': '5000',
      })
      res.end(
        '{"message":"API rate limit exceeded for installation ID 1.","documentation_url":"https://docs.github.com/rest"}',
      )
      return
    }
    if (mode === 'fail') {
      res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>Bad gateway</html>')
      return
    }
    res
      .writeHead(201, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ id: this.statuses.length, ...JSON.parse(body) }))
  }
}

export async function startGitHubApi() {
  return new FakeGitHubApi().start()
}
