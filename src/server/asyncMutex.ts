/**
 * One-at-a-time access to something async, in arrival order. The host uses it for the dock folder: every
 * job worker that opens the dock holds it, because opening a dock clears its staging folder and must not
 * race another worker's import.
 *
 * Example:
 *   const result = await dockLock.run(() => host.runTask('importPackage', input))
 */

export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve()
  /** Callers holding or waiting for the lock. */
  private pending = 0

  get locked(): boolean {
    return this.pending > 0
  }

  /** Runs `work` once every earlier caller has finished; `onWait` is called first if it has to wait. */
  run<T>(work: () => Promise<T>, onWait?: () => void): Promise<T> {
    if (this.pending > 0) onWait?.()
    this.pending++
    const previous = this.tail
    let release!: () => void
    this.tail = new Promise<void>((resolve) => (release = resolve))
    return previous.then(async () => {
      try {
        return await work()
      } finally {
        this.pending--
        release()
      }
    })
  }
}
