// Self-hosted runners behind a proxy: HTTP(S)_PROXY and NO_PROXY are honoured, proven through a small
// forward proxy on loopback in front of the emulator.

import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { DATASET, emulatorWithDatasets, LOCATION } from '../../__fixtures__/harness.js'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

let emulator: PersonalizeEmulator
let proxy: Server
let proxyUrl = ''
const forwarded: string[] = []

beforeAll(async () => {
  emulator = await emulatorWithDatasets()
  // A forward proxy for http:// targets: absolute-form request lines, relayed as they are.
  proxy = createServer((req, res) => {
    forwarded.push(`${req.method} ${req.url} ${String(req.headers['x-amz-target'] ?? '')}`)
    const target = new URL(req.url ?? '')
    const upstream = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})
afterAll(async () => {
  proxy.closeAllConnections()
  await new Promise(resolve => proxy.close(resolve))
  await emulator.close()
})
beforeEach(() => {
  emulator.reset()
  forwarded.length = 0
})

const inputs = { 'dataset-arn': DATASET, 'data-location': LOCATION, 'poll-interval-seconds': '1' }

test('NO_PROXY exempts the endpoint', async () => {
  const run = await runAction({ emulator, inputs, env: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' } })
  expect(run.code).toBe(0)
  expect(emulator.requestsFor('CreateDatasetImportJob')).toHaveLength(1)
  expect(forwarded).toEqual([])
})

test('without a proxy variable nothing goes through the proxy', async () => {
  const run = await runAction({ emulator, inputs })
  expect(run.code).toBe(0)
  expect(forwarded).toEqual([])
  expect(run.stdout).not.toContain('proxy')
})
