package io.tasklane.worker.rejoin;

import java.util.List;
import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * Why a worker node stopped itself: no coordinator reachable for too long. The node launcher
 * starts a fresh node in the same process, which joins the seeds again.
 *
 * @param why for the log, e.g. "no coordinator reachable for 15 s"
 * @param staleSeeds seeds ({@code host:port}) that were members of the coordinator-less cluster
 *     this node leaves: joining them would land it in that cluster again, so the fresh node
 *     skips them (unless no other seed is left)
 */
public record RejoinReason(String why, List<String> staleSeeds) implements CoordinatedShutdown.Reason {

  public RejoinReason {
    staleSeeds = List.copyOf(staleSeeds);
  }
}
