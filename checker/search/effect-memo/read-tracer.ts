import { addRange, coversRange, type BitRange, type FieldMap } from '../../encoding/field-map.js';

/**
 * Records which bits of the encoded state an effect reads and writes while it runs on a copy
 * of a decoded state: the copy is wrapped in proxies that forward every operation to it (so
 * the effect's result is what it would be on the copy itself) and mark, per leaf, the bits
 * read (unless the run wrote them first) and the bits written. A list is one region of bits,
 * read or written as a whole.
 *
 * A run is *traceable* when every way it could have observed or changed the state went
 * through a leaf: an effect that assigns a whole container (`s.items = [...]`), defines or
 * deletes a property, or takes a container's property descriptor (which hands out the
 * unwrapped value) is not, and its run is not remembered.
 */
export class ReadTracer {
  /** The bits the run read before writing them. */
  readonly reads: Uint32Array;
  /** The bits the run wrote. */
  readonly writes: Uint32Array;
  /** False once the run did something the proxies cannot account for. */
  traceable = true;
  private readonly root: ContainerHandler;
  /** Bumped per run: a handler's proxy from an earlier run is not reused. */
  epoch = 0;
  /** The objects this run's proxies wrap. */
  private readonly live = new Set<object>();

  /** @param map - the field map of the state (an object). */
  constructor(map: FieldMap, words: number) {
    if (map.kind !== 'container') throw new Error('a traced state must be an object');
    this.reads = new Uint32Array(words);
    this.writes = new Uint32Array(words);
    this.root = new ContainerHandler(this, map.parts);
  }

  /** Starts a run on `copy` (a fresh copy of the decoded state); returns what the effect is given. */
  begin(copy: object): object {
    this.reads.fill(0);
    this.writes.fill(0);
    this.traceable = true;
    this.epoch++;
    this.live.clear();
    return this.root.proxyOf(copy);
  }

  /** Wraps `target` in a proxy with `handler`, for this run. */
  wrap(target: object, handler: ProxyHandler<object>): object {
    this.live.add(target);
    return new Proxy(target, handler);
  }

  /**
   * Marks the run untraceable when `target` is not this run's: the effect kept a proxy from
   * an earlier call and uses it now (its reads and writes are not of this run's state).
   */
  check(target: object): void {
    if (!this.live.has(target)) this.traceable = false;
  }

  /** Marks a read of `range`, unless the run wrote all of it before. */
  read(range: BitRange): void {
    if (!coversRange(this.writes, range)) addRange(this.reads, range);
  }

  /**
   * Marks a read of a list's `range`: always, since a write to the list marks all of its bits
   * written while the read may be of an element the run did not write.
   */
  readRegion(range: BitRange): void {
    addRange(this.reads, range);
  }

  /** Marks a write of `range`. */
  write(range: BitRange): void {
    addRange(this.writes, range);
  }
}

/** Whether a value is an object or function: something a leaf never holds. */
function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** Forwards to the target and marks the run untraceable: the operations a run may not use. */
abstract class TracingHandler implements ProxyHandler<object> {
  private proxy: object | undefined;
  private target: object | undefined;
  private epoch = -1;

  constructor(protected readonly tracer: ReadTracer) {}

  /** This run's proxy of `target` (the same object however often the effect reads it). */
  proxyOf(target: object): object {
    if (this.epoch !== this.tracer.epoch || this.target !== target) {
      this.epoch = this.tracer.epoch;
      this.target = target;
      this.proxy = this.tracer.wrap(target, this);
    }
    return this.proxy!;
  }

  defineProperty(target: object, key: string | symbol, descriptor: PropertyDescriptor): boolean {
    this.tracer.traceable = false;
    return Reflect.defineProperty(target, key, descriptor);
  }

  deleteProperty(target: object, key: string | symbol): boolean {
    this.tracer.traceable = false;
    return Reflect.deleteProperty(target, key);
  }

  setPrototypeOf(target: object, prototype: object | null): boolean {
    this.tracer.traceable = false;
    return Reflect.setPrototypeOf(target, prototype);
  }

  preventExtensions(target: object): boolean {
    this.tracer.traceable = false;
    return Reflect.preventExtensions(target);
  }
}

/**
 * An object, array or tuple of the state: reading a leaf marks its bits read, writing one marks
 * them written; reading a container part gives that part's proxy. Keys that are not parts of
 * the shape (an array's `length` and methods, an unknown property) are forwarded unmarked:
 * they are the same in every state of the schema.
 */
class ContainerHandler extends TracingHandler {
  private readonly children: Record<string, TracingHandler | BitRange>;

  constructor(tracer: ReadTracer, parts: Readonly<Record<string, FieldMap>>) {
    super(tracer);
    this.children = Object.create(null) as Record<string, TracingHandler | BitRange>;
    for (const key of Object.keys(parts)) {
      const part = parts[key];
      this.children[key] = part.kind === 'leaf' ? part : part.kind === 'region' ? new RegionHandler(tracer, part) : new ContainerHandler(tracer, part.parts);
    }
  }

  get(target: object, key: string | symbol, receiver: unknown): unknown {
    this.tracer.check(target);
    const child = typeof key === 'string' ? this.children[key] : undefined;
    if (child === undefined) return Reflect.get(target, key, receiver);
    const value = (target as Record<string, unknown>)[key as string];
    if (!(child instanceof TracingHandler)) {
      this.tracer.read(child);
      return value;
    }
    // A container part that is not an object (the effect replaced it) is read as it is.
    return isObject(value) ? child.proxyOf(value) : value;
  }

  set(target: object, key: string | symbol, value: unknown): boolean {
    this.tracer.check(target);
    const child = typeof key === 'string' ? this.children[key] : undefined;
    if (child !== undefined) {
      if (child instanceof TracingHandler || isObject(value)) this.tracer.traceable = false;
      else this.tracer.write(child);
    }
    // The target as receiver: the proxy as receiver would define the property through this handler.
    return Reflect.set(target, key, value);
  }

  getOwnPropertyDescriptor(target: object, key: string | symbol): PropertyDescriptor | undefined {
    this.tracer.check(target);
    const child = typeof key === 'string' ? this.children[key] : undefined;
    if (child !== undefined) {
      if (child instanceof TracingHandler) this.tracer.traceable = false;
      else this.tracer.read(child);
    }
    return Reflect.getOwnPropertyDescriptor(target, key);
  }
}

/**
 * A list (or anything inside one): every read marks the whole list's bits read, every write
 * marks them written, and objects inside it are wrapped the same way.
 */
class RegionHandler extends TracingHandler {
  /** This run's proxies of the objects inside the list, so that each is the same object on every read. */
  private readonly inner = new Map<object, object>();
  private innerEpoch = -1;
  private innerHandler: RegionHandler | undefined;

  constructor(tracer: ReadTracer, private readonly range: BitRange) {
    super(tracer);
  }

  get(target: object, key: string | symbol, receiver: unknown): unknown {
    this.tracer.check(target);
    this.tracer.readRegion(this.range);
    const value: unknown = Reflect.get(target, key, receiver);
    if (!isObject(value) || typeof value === 'function') return value;
    if (this.innerEpoch !== this.tracer.epoch) {
      this.innerEpoch = this.tracer.epoch;
      this.inner.clear();
    }
    let proxy = this.inner.get(value);
    if (proxy === undefined) {
      this.innerHandler ??= new RegionHandler(this.tracer, this.range);
      proxy = this.tracer.wrap(value, this.innerHandler);
      this.inner.set(value, proxy);
    }
    return proxy;
  }

  set(target: object, key: string | symbol, value: unknown): boolean {
    this.tracer.check(target);
    if (isObject(value)) this.tracer.traceable = false;
    this.tracer.write(this.range);
    return Reflect.set(target, key, value);
  }

  has(target: object, key: string | symbol): boolean {
    this.tracer.check(target);
    this.tracer.readRegion(this.range);
    return Reflect.has(target, key);
  }

  ownKeys(target: object): ArrayLike<string | symbol> {
    this.tracer.check(target);
    this.tracer.readRegion(this.range);
    return Reflect.ownKeys(target);
  }

  getOwnPropertyDescriptor(target: object, key: string | symbol): PropertyDescriptor | undefined {
    this.tracer.check(target);
    this.tracer.readRegion(this.range);
    const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
    if (descriptor && isObject(descriptor.value)) this.tracer.traceable = false;
    return descriptor;
  }

  override deleteProperty(target: object, key: string | symbol): boolean {
    this.tracer.check(target);
    this.tracer.write(this.range);
    return Reflect.deleteProperty(target, key);
  }
}
