package io.tasklane.worker.auto;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.worker.settings.AutoLaneSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node measures of its task types and what it tells the broker of them: the offers of
 * its handlers with the figures measured so far, an {@code auto} type's offer in the lane its
 * figures chose. Function handlers are measured as they compute ({@link #ran}); I/O handlers as
 * their synchronous start holds the I/O lane's thread ({@link #started}): one that burns CPU
 * there is warned of. Lanes listen ({@link #listen}) and tell the broker when the offers change:
 * at once when a choice or a warning changes, otherwise at most every {@code report-every}.
 * Measurements arrive on many threads; each meter is guarded by itself.
 */
public final class LaneChoices {

  private static final Logger log = LoggerFactory.getLogger(LaneChoices.class);

  private final AutoLaneSettings settings;
  private final Supplier<Map<String, TypeOffer>> base;
  private final LongSupplier nanoTime;
  private final Map<String, LaneMeter> runs = new ConcurrentHashMap<>();
  private final Map<String, LaneMeter> starts = new ConcurrentHashMap<>();
  private final Map<String, String> warnings = new ConcurrentHashMap<>();
  private final Map<Object, Runnable> listeners = new ConcurrentHashMap<>();
  private volatile long lastReport;

  /** @param base the node's offers as its handlers make them (read again each time: they may change) */
  public LaneChoices(AutoLaneSettings settings, Supplier<Map<String, TypeOffer>> base, LongSupplier nanoTime) {
    this.settings = settings;
    this.base = base;
    this.nanoTime = nanoTime;
    this.lastReport = nanoTime.getAsLong();
  }

  public AutoLaneSettings settings() {
    return settings;
  }

  /** What the node offers now: its handlers' offers with the figures measured. */
  public Map<String, TypeOffer> offers() {
    Map<String, TypeOffer> offers = new LinkedHashMap<>(base.get());
    offers.replaceAll((type, offer) -> {
      LaneMeter meter = runs.get(type);
      if (meter != null) {
        synchronized (meter) {
          return offer.with(meter.figures(true, null));
        }
      }
      LaneMeter start = starts.get(type);
      if (start != null) {
        synchronized (start) {
          return offer.with(start.figures(false, warnings.get(type)));
        }
      }
      return offer;
    });
    return offers;
  }

  /** {@code listener} runs when the offers changed (one per key: a restarted lane replaces its own). */
  public void listen(Object key, Runnable listener) {
    listeners.put(key, listener);
  }

  /**
   * A function handler of {@code type} ran from {@code startedNanos} to {@code endedNanos}
   * ({@link System#nanoTime}) and computed for {@code wallNanos}, {@code cpuNanos} of it on its
   * thread: recorded unless it is part of the type's warm-up ({@link LaneMeter#warmingUp}).
   */
  public void ran(String type, long startedNanos, long endedNanos, long cpuNanos, long wallNanos) {
    LaneMeter meter = runs.computeIfAbsent(type, t -> new LaneMeter(settings));
    synchronized (meter) {
      if (meter.warmingUp(startedNanos, endedNanos)) {
        return;
      }
    }
    ran(type, cpuNanos, wallNanos);
  }

  /** A warm run of a function handler of {@code type} computed for {@code wallNanos}, {@code cpuNanos} of it on its thread. */
  public void ran(String type, long cpuNanos, long wallNanos) {
    LaneMeter meter = runs.computeIfAbsent(type, t -> new LaneMeter(settings));
    boolean changed;
    Lane chosen;
    String figures;
    synchronized (meter) {
      Lane before = meter.chosen();
      changed = meter.record(cpuNanos, wallNanos);
      chosen = meter.chosen();
      figures = describe(meter);
      if (changed) {
        log.info("Task type '{}': {} lane chosen{} ({})", type, chosen.wireName(),
            before == null ? "" : " instead of the " + before.wireName() + " lane", figures);
      }
    }
    tell(changed);
  }

  /**
   * An I/O handler of {@code type} took {@code cpuNanos} of thread CPU time in its synchronous
   * start: one that takes more than {@code io-start-cpu-warn} on average is warned of.
   */
  public void started(String type, long cpuNanos, long wallNanos) {
    LaneMeter meter = starts.computeIfAbsent(type, t -> new LaneMeter(settings));
    boolean changed = false;
    synchronized (meter) {
      meter.record(cpuNanos, wallNanos);
      boolean burns = meter.samples() >= settings.minSamples()
          && meter.cpuNanosPerRun() > settings.ioStartCpuWarn().toNanos();
      if (burns && !warnings.containsKey(type)) {
        String warning = "declared io but computes on the I/O lane's thread: "
            + describe(meter) + " in its start; declare it cpu or auto, or make start return at once";
        warnings.put(type, warning);
        log.warn("Task type '{}' is {}", type, warning);
        changed = true;
      } else if (!burns && warnings.remove(type) != null) {
        log.info("Task type '{}' no longer computes on the I/O lane's thread ({})", type, describe(meter));
        changed = true;
      }
    }
    tell(changed);
  }

  private static String describe(LaneMeter meter) {
    return String.format(java.util.Locale.ROOT, "CPU/wall %.2f, %.2f ms CPU per run, over %d runs",
        meter.ratio(), meter.cpuNanosPerRun() / 1e6, meter.samples());
  }

  /** Tells the listeners: at once when {@code now}, else when report-every has passed since. */
  private void tell(boolean now) {
    long at = nanoTime.getAsLong();
    if (!now && at - lastReport < settings.reportEvery().toNanos()) {
      return;
    }
    lastReport = at;
    listeners.values().forEach(Runnable::run);
  }
}
