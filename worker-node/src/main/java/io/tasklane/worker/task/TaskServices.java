package io.tasklane.worker.task;

import java.net.http.HttpClient;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContextExecutor;

/** What every attempt's context draws on: the node's scheduler and its shared HTTP client. */
public record TaskServices(Scheduler scheduler, ExecutionContextExecutor executor, HttpClient httpClient) {}
