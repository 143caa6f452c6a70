/**
 * The explored state graph in compressed sparse row form: the out-edges of state `s` are
 * `offsets[s] .. offsets[s + 1]`, each with its target state and the action instance that
 * leads there. Every enabled action instance of every expanded state is one edge, so an
 * instance is enabled in a state exactly when the state has an edge labelled with it.
 */
export interface StateGraph {
  /** States in the graph. */
  readonly count: number;
  /** Where each state's out-edges start; `offsets[count]` is the number of edges. */
  readonly offsets: Int32Array;
  /** Each edge's target state. */
  readonly targets: Int32Array;
  /** Each edge's action instance. */
  readonly labels: Int32Array;
}

/**
 * Records the edges of a breadth-first search as it inserts successors. States are expanded
 * in index order, so edges arrive grouped by source in increasing order and the row offsets
 * can be written as they come: 8 bytes per edge and 4 per state, in typed arrays.
 */
export class EdgeRecorder {
  private offsets = new Int32Array(1 << 12);
  private targets = new Int32Array(1 << 14);
  private labels = new Int32Array(1 << 14);
  private edges = 0;
  /** States whose row start is written: 0 .. rows - 1. */
  private rows = 0;

  /** Records the edge `source --action--> target`; sources must not decrease. */
  add(source: number, target: number, action: number): void {
    if (source >= this.rows) this.startRows(source + 1);
    if (this.edges === this.targets.length) {
      this.targets = grow(this.targets, this.edges * 2);
      this.labels = grow(this.labels, this.edges * 2);
    }
    this.targets[this.edges] = target;
    this.labels[this.edges] = action;
    this.edges++;
  }

  /** The graph over `count` states: the states after the last source recorded have no edges. */
  finish(count: number): StateGraph {
    this.startRows(count + 1);
    return {
      count,
      offsets: this.offsets.subarray(0, count + 1),
      targets: this.targets.subarray(0, this.edges),
      labels: this.labels.subarray(0, this.edges),
    };
  }

  /** Opens the rows of states `rows .. upTo - 1`: their edges start at the current count. */
  private startRows(upTo: number): void {
    if (upTo > this.offsets.length) this.offsets = grow(this.offsets, Math.max(upTo, this.offsets.length * 2));
    this.offsets.fill(this.edges, this.rows, upTo);
    this.rows = upTo;
  }
}

function grow(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(length);
  bigger.set(array);
  return bigger;
}
