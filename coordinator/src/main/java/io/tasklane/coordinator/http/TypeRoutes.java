package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;

import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /api/types}: the task types the workers offer, as the lane broker knows them now. */
final class TypeRoutes {

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final ActorRef<BrokerProtocol.Command> broker;

  TypeRoutes(ActorSystem<?> system, CoordinatorSettings settings, ActorRef<BrokerProtocol.Command> broker) {
    this.system = system;
    this.settings = settings;
    this.broker = broker;
  }

  /** Always the broker's answer now, not the submit check's cached one: a user asks after a change. */
  Route types() {
    return completeWithFuture(AskPattern.ask(broker, BrokerProtocol.GetCatalog::new, settings.askTimeout(),
            system.scheduler())
        .thenApply(catalog -> Json.response(StatusCodes.OK, TypesBody.of(catalog))));
  }
}
