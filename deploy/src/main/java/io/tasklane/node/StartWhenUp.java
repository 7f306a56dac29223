package io.tasklane.node;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.cluster.typed.Unsubscribe;

/**
 * Spawns a child once this node is an Up member, not while it is still joining. The worker waits
 * so: a coordinator watches each lane that registers with it, and Pekko's cluster answers a watch
 * of an actor on a joining node whose address was removed from the cluster before (a worker's
 * earlier incarnation: it was cut off, or paused, and downed) with an immediate Terminated. Lanes
 * that registered in that window were written off at once and never got a task.
 */
final class StartWhenUp {

  private StartWhenUp() {}

  static Behavior<SelfUp> create(Behavior<?> child, String name) {
    return Behaviors.setup(context -> {
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.getSelf(), SelfUp.class));
      return Behaviors.receive(SelfUp.class)
          .onMessage(SelfUp.class, up -> {
            Cluster.get(context.getSystem()).subscriptions().tell(new Unsubscribe<>(context.getSelf()));
            context.spawn(child, name);
            return Behaviors.ignore();
          })
          .build();
    });
  }
}
