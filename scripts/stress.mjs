// `npm run test:stress`: the whole suite (as `npm test` runs it) beside busy processes, two a core, as on a shared
// CI machine. A test that fails only here is a test of the clock, not of the action. CI runs it once.
import { spawn, spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'

const busy = Array.from({ length: 2 * availableParallelism() }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
)
const stop = () => {
  for (const child of busy) child.kill('SIGKILL')
}
process.on('exit', stop)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1))

console.log(`test:stress: ${busy.length} busy processes beside the suite`)
// Let the load show before the suite measures the machine (__fixtures__/time-scale.mjs).
await new Promise(resolve => setTimeout(resolve, 1000))
const run = spawnSync(process.execPath, ['scripts/test.mjs', ...process.argv.slice(2)], { stdio: 'inherit' })
stop()
process.exit(run.status ?? 1)
