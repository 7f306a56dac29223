package io.tasklane.peers.hazelcast;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One member JVM: {@code Member CLUSTER EXPECTED_SIZE [JOIN_HOST:PORT]}. Prints
 * "hazelcast-peer: member at HOST:PORT" once started and "hazelcast-peer: cluster of N" once the
 * cluster has EXPECTED_SIZE members (the run script waits for these lines); runs until stopped.
 */
public final class Member {

  private Member() {
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: Member CLUSTER EXPECTED_SIZE [JOIN_HOST:PORT]");
      System.exit(2);
    }
    int expected = Integer.parseInt(args[1]);
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(PeerConfig.member(args[0], args.length == 3 ? args[2] : null));
    InetSocketAddress local = hz.getCluster().getLocalMember().getSocketAddress();
    System.out.println("hazelcast-peer: member at " + local.getHostString() + ":" + local.getPort());
    CountDownLatch formed = new CountDownLatch(1);
    hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        if (event.getMembers().size() >= expected) {
          formed.countDown();
        }
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
      }
    });
    if (hz.getCluster().getMembers().size() >= expected) {
      formed.countDown();
    }
    if (!formed.await(60, TimeUnit.SECONDS)) {
      System.err.println("hazelcast-peer: no cluster of " + expected + " within 60 s");
      hz.getLifecycleService().terminate();
      System.exit(1);
    }
    System.out.println("hazelcast-peer: cluster of " + hz.getCluster().getMembers().size());
    System.out.flush();
  }
}
