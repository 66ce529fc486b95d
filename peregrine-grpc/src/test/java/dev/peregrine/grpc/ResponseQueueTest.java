package dev.peregrine.grpc;

import dev.peregrine.grpc.proto.OutputsProto.response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseQueueTest {

    private static response rule(String name) {
        return response.newBuilder().setRule(name).build();
    }

    @Test
    void aFullQueueDropsTheOldestAndCountsIt() {
        ResponseQueue queue = new ResponseQueue(2);
        queue.offer(rule("a"));
        queue.offer(rule("b"));
        queue.offer(rule("c"));

        assertThat(queue.dropped()).isEqualTo(1);
        assertThat(queue.poll().getRule()).isEqualTo("b");
        assertThat(queue.poll().getRule()).isEqualTo("c");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void listenersHearEveryOffer() {
        ResponseQueue queue = new ResponseQueue(10);
        int[] heard = {0};
        Runnable listener = () -> heard[0]++;
        queue.addListener(listener);
        queue.offer(rule("a"));
        queue.removeListener(listener);
        queue.offer(rule("b"));
        assertThat(heard[0]).isEqualTo(1);
    }
}
