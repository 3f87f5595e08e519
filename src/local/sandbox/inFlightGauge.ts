/**
 * How many requests are open at once: a gauge that goes up when a request arrives and down when its
 * response is done (or the client left), with the highest value it reached. The sandbox keeps one over
 * its Juhe paths, so benchmarks and tests can see how many Juhe calls an app (or several) had open at
 * the same time — the figure a concurrency limit is about.
 */
export interface InFlightGauge {
  /** requests open now */
  readonly current: number;
  /** the most open at once since the gauge was made or last reset */
  readonly max: number;
  /** requests counted in since the gauge was made or last reset */
  readonly entered: number;
  /**
   * One request opens: returns the function that closes it. Calling that more than once closes it once,
   * so it can be bound to several ends of one response ('finish', 'close', an error).
   */
  enter(): () => void;
  /** starts a new measurement: max becomes what is open now, entered 0 (open requests stay counted) */
  reset(): void;
}

export function createInFlightGauge(): InFlightGauge {
  let current = 0;
  let max = 0;
  let entered = 0;
  return {
    get current() {
      return current;
    },
    get max() {
      return max;
    },
    get entered() {
      return entered;
    },
    enter() {
      current += 1;
      entered += 1;
      if (current > max) max = current;
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        current -= 1;
      };
    },
    reset() {
      max = current;
      entered = 0;
    },
  };
}
