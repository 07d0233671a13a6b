import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { GrammarId } from '../parse/index.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { AttractorError } from '../shared/errors.js';
import type { SourceResult } from './check-source.js';
import type { WorkerInit, WorkerMessage, WorkerReply, WorkerTask } from './check-worker.js';
import { WorkQueue } from './work-queue.js';

/**
 * Batches a worker holds at once: while it checks one, the next is already waiting for it, so that
 * it does not wait for the main thread (busy with a file) to answer.
 */
const IN_FLIGHT = 2;

interface Slot {
  worker: Worker;
  /** Batch number to the task indices it carries. */
  inFlight: Map<number, number[]>;
  /** Size of the tasks in flight. */
  holding: number;
  /** Validating the pack: it gets no batch until done, so that none waits behind the validation. */
  validating: boolean;
  /** Told to stop: nothing is left for it. */
  stopped: boolean;
  onChecked?: (batch: number, results: SourceResult[]) => void;
}

/**
 * Worker threads that check files alongside the main thread. They are started before the files
 * are all read, so that they boot while the main thread reads; each compiles the queries the files
 * need once told which (`compile`, `run`). One of them can also validate the pack in full
 * (`validate`), which then costs the main thread nothing.
 */
export class CheckPool {
  private readonly slots: Slot[] = [];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** What the workers were told to compile so far, per grammar. */
  private readonly compiled = new Map<GrammarId, Set<number>>();
  private validation: 'none' | 'pending' | 'valid' | AttractorError = 'none';

  /**
   * `keep`: the workers stay between runs (the check server's pool: warm, their queries compiled),
   * and do not hold the process open; `close()` then leaves them running.
   */
  constructor(
    source: CompiledPack['source'],
    count: number,
    private readonly keep = false,
  ) {
    const init: WorkerInit = { loaded: source.loaded, severities: source.severities };
    for (let i = 0; i < count; i++) {
      const slot: Slot = { worker: new Worker(new URL('./check-worker.js', import.meta.url), { workerData: init }), inFlight: new Map(), holding: 0, validating: false, stopped: false };
      slot.worker.on('message', (reply: WorkerReply) => {
        if (reply.kind === 'checked') slot.onChecked?.(reply.batch, reply.results);
        else {
          slot.validating = false;
          this.validation = reply.problem ? new AttractorError(reply.problem.code, reply.problem.message) : 'valid';
        }
        this.notify();
      });
      slot.worker.on('error', (error) => this.fail(error));
      slot.worker.on('exit', (code) => {
        if (code !== 0 || slot.inFlight.size > 0 || slot.validating) this.fail(new Error(`check worker exited with code ${code}`));
      });
      // After the listeners: adding a 'message' listener refs the worker's port again.
      if (keep) slot.worker.unref();
      this.slots.push(slot);
    }
  }

  /** A worker failed or exited: this pool checks nothing more. */
  get broken(): boolean {
    return this.failure !== undefined;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Resolves at the next reply or failure. */
  private change(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Has the first worker validate the pack in full (`CompiledPack.validate`); `run` throws what it finds. */
  validate(): void {
    const slot = this.slots[0] as Slot;
    slot.validating = true;
    this.validation = 'pending';
    const message: WorkerMessage = { kind: 'validate' };
    slot.worker.postMessage(message);
  }

  /**
   * Has the workers compile the queries of `scopes` (rule indices per grammar) now, before the last
   * files are read. Should later files need more, `run` asks again, and the workers then compile
   * every rule of the grammar (see `CompiledPack.queryFor`).
   */
  compile(scopes: Map<GrammarId, Set<number>>): void {
    const wider: [GrammarId, number[]][] = [];
    for (const [grammar, scope] of scopes) {
      let sent = this.compiled.get(grammar);
      if (!sent) this.compiled.set(grammar, (sent = new Set()));
      if ([...scope].some((index) => !sent.has(index))) {
        for (const index of scope) sent.add(index);
        wider.push([grammar, [...scope]]);
      }
    }
    if (wider.length === 0) return;
    const message: WorkerMessage = { kind: 'compile', scopes: wider };
    for (const slot of this.slots) slot.worker.postMessage(message);
  }

  /**
   * Checks `tasks`: workers take batches of the largest files, the main thread checks the smallest
   * ones with `here.check`, after `here.prepare` (compiling its queries for `scopes`). Results in
   * task order. A validation problem is thrown in preference to anything else: a rule that does
   * not compile can also make the checking fail, and validation names the same rule as before.
   */
  async run(tasks: WorkerTask[], scopes: Map<GrammarId, Set<number>>, here: { prepare: () => void; check: (task: WorkerTask) => SourceResult }): Promise<SourceResult[]> {
    // A kept worker holds the process open only while it has work.
    if (this.keep) for (const slot of this.slots) slot.worker.ref();
    try {
      this.compile(scopes);
      here.prepare();
      const results = await this.share(tasks, here.check);
      await this.validated();
      return results;
    } catch (error) {
      await this.validated();
      throw error;
    } finally {
      if (this.keep) for (const slot of this.slots) slot.worker.unref();
    }
  }

  /** Waits for a pending validation; throws its problem. */
  private async validated(): Promise<void> {
    while (this.validation === 'pending') {
      if (this.failure) throw this.failure;
      await this.change();
    }
    if (this.validation instanceof AttractorError) throw this.validation;
  }

  private async share(tasks: WorkerTask[], checkHere: (task: WorkerTask) => SourceResult): Promise<SourceResult[]> {
    const results: SourceResult[] = new Array(tasks.length);
    const queue = new WorkQueue(tasks.map((task) => task.text.length), this.slots.length + 1);
    let batches = 0;
    const size = (indices: number[]): number => indices.reduce((sum, i) => sum + (tasks[i] as WorkerTask).text.length, 0);
    // A second batch only while more is left than the worker holds: near the end, the main thread
    // takes the rest rather than wait for a worker with a batch queued behind another.
    const wants = (slot: Slot): boolean => slot.inFlight.size === 0 || (slot.inFlight.size < IN_FLIGHT && queue.size > slot.holding);
    const feed = (slot: Slot): void => {
      while (!slot.validating && !slot.stopped && !queue.empty && wants(slot)) {
        const indices = queue.takeBatch();
        const batch = batches++;
        slot.inFlight.set(batch, indices);
        slot.holding += size(indices);
        const message: WorkerMessage = { kind: 'check', batch, tasks: indices.map((i) => tasks[i] as WorkerTask) };
        slot.worker.postMessage(message);
      }
    };
    for (const slot of this.slots) {
      slot.onChecked = (batch, batchResults) => {
        const indices = slot.inFlight.get(batch) ?? [];
        indices.forEach((index, k) => (results[index] = batchResults[k] as SourceResult));
        slot.inFlight.delete(batch);
        slot.holding -= size(indices);
        feed(slot);
        // Done: it can tear down (free its trees and queries) while the main thread finishes.
        if (slot.inFlight.size === 0 && !slot.validating && !this.keep) this.stop(slot);
      };
      feed(slot);
    }
    // Between files the main thread yields, so that replies are taken in and workers refilled.
    for (let index = queue.takeSmallest(); index !== undefined; index = queue.takeSmallest()) {
      results[index] = checkHere(tasks[index] as WorkerTask);
      await yieldToLoop();
      if (this.failure) throw this.failure;
      for (const slot of this.slots) feed(slot);
    }
    while (this.slots.some((slot) => slot.inFlight.size > 0)) {
      if (this.failure) throw this.failure;
      await this.change();
    }
    if (this.failure) throw this.failure;
    return results;
  }

  /**
   * Lets the workers exit once done; with `now`, after a failure or with work abandoned, stops
   * them at once.
   */
  close(now = false): void {
    const abandon = now || this.failure !== undefined || this.slots.some((slot) => slot.inFlight.size > 0 || slot.validating);
    if (this.keep && !abandon) return;
    for (const slot of this.slots) {
      slot.onChecked = undefined;
      slot.inFlight.clear();
      slot.validating = false;
      if (abandon) void slot.worker.terminate();
      else this.stop(slot);
    }
    this.failure ??= new Error('the pool was closed');
  }

  private stop(slot: Slot): void {
    if (slot.stopped) return;
    slot.stopped = true;
    const stop: WorkerMessage = { kind: 'stop' };
    slot.worker.postMessage(stop);
  }
}
