import type { LanguageId } from '../model.js';

/**
 * Names a fix may use without the file defining them: the language's builtins and keywords (and,
 * for JavaScript and TypeScript, the globals of Node and browsers). Generated from Python's
 * `dir(builtins)` and `keyword`, and from Node's `globalThis`.
 */
const PYTHON = (
  'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError ' +
  'BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ' +
  'ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError ' +
  'Ellipsis EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError ' +
  'FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ' +
  'ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError ' +
  'KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None ' +
  'NotADirectoryError NotImplemented NotImplementedError OSError OverflowError ' +
  'PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ReferenceError ' +
  'ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError ' +
  'SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError UnboundLocalError ' +
  'UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning ' +
  'UserWarning ValueError Warning ZeroDivisionError _ __class__ __file__ __name__ abs aiter all ' +
  'and anext any as ascii assert async await bin bool break breakpoint bytearray bytes callable ' +
  'case chr class classmethod cls compile complex continue copyright credits def del delattr dict ' +
  'dir divmod elif else enumerate eval except exec exit filter finally float for format from ' +
  'frozenset getattr global globals hasattr hash help hex id if import in input int is isinstance ' +
  'issubclass iter lambda len license list locals map match max memoryview min next nonlocal not ' +
  'object oct open or ord pass pow print property quit raise range repr return reversed round ' +
  'self set setattr slice sorted staticmethod str sum super try tuple type vars while with yield ' +
  'zip '
).trim().split(' ');

const JAVASCRIPT = (
  'AbortController AbortSignal AggregateError Array ArrayBuffer Atomics BigInt BigInt64Array ' +
  'BigUint64Array Blob Boolean BroadcastChannel Buffer ByteLengthQueuingStrategy ' +
  'CompressionStream CountQueuingStrategy Crypto CryptoKey CustomEvent DOMException DataView Date ' +
  'DecompressionStream Error EvalError Event EventTarget File FinalizationRegistry Float32Array ' +
  'Float64Array FormData Function Headers Infinity Int16Array Int32Array Int8Array Intl JSON Map ' +
  'Math MessageChannel MessageEvent MessagePort NaN Number Object Performance PerformanceEntry ' +
  'PerformanceMark PerformanceMeasure PerformanceObserver PerformanceObserverEntryList ' +
  'PerformanceResourceTiming Promise Proxy RangeError ReadableByteStreamController ReadableStream ' +
  'ReadableStreamBYOBReader ReadableStreamBYOBRequest ReadableStreamDefaultController ' +
  'ReadableStreamDefaultReader ReferenceError Reflect RegExp Request Response Set ' +
  'SharedArrayBuffer String SubtleCrypto Symbol SyntaxError TextDecoder TextDecoderStream ' +
  'TextEncoder TextEncoderStream TransformStream TransformStreamDefaultController TypeError ' +
  'URIError URL URLSearchParams Uint16Array Uint32Array Uint8Array Uint8ClampedArray WeakMap ' +
  'WeakRef WeakSet WebAssembly WritableStream WritableStreamDefaultController ' +
  'WritableStreamDefaultWriter any arguments as assert asserts async async_hooks atob await ' +
  'bigint boolean break btoa buffer case catch child_process class clearImmediate clearInterval ' +
  'clearTimeout cluster console const constants continue crypto debugger declare decodeURI ' +
  'decodeURIComponent default delete dgram diagnostics_channel dns do document domain else ' +
  'encodeURI encodeURIComponent enum escape eval events export exports extends false fetch ' +
  'finally for from fs function get global globalThis http http2 https if implements import in ' +
  'infer inspector instanceof interface is isFinite isNaN keyof let module namespace net never ' +
  'new null number object of os parseFloat parseInt path perf_hooks performance private process ' +
  'protected public punycode querystring queueMicrotask readline readonly repl require return ' +
  'satisfies set setImmediate setInterval setTimeout static stream string string_decoder ' +
  'structuredClone super switch symbol sys this throw timers tls trace_events true try tty type ' +
  'typeof undefined unescape unknown url util v8 var vm void wasi while window with ' +
  'worker_threads yield zlib '
).trim().split(' ');

const SETS: Record<LanguageId, Set<string>> = { python: new Set(PYTHON), javascript: new Set(JAVASCRIPT), typescript: new Set(JAVASCRIPT) };

/** Whether `name` needs no definition in a file of `language`. */
export function isKnownName(language: LanguageId, name: string): boolean {
  return SETS[language].has(name);
}
