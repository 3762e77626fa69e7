package io.corio.servers.rpc.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The responses of one batch request, gathered as they come and sent as one array, in request order, once the
 * last one is in. Notifications have no slot; a batch with no slot sends nothing.
 */
final class Batch {
    private final Session session;
    private final ObjectNode[] responses;
    private int slots;
    private int filled;
    private boolean sealed;

    Batch(Session session, int size) {
        this.session = session;
        this.responses = new ObjectNode[size];
    }

    /** Reserves the next slot for a response. */
    int reserve() {
        return slots++;
    }

    void complete(int slot, ObjectNode response) {
        responses[slot] = response;
        filled++;
        sendIfComplete();
    }

    /** Every element has been read: from now on the last completion sends. Returns whether anything will be sent. */
    boolean seal() {
        sealed = true;
        sendIfComplete();
        return slots > 0;
    }

    private void sendIfComplete() {
        if (!sealed || filled < slots || slots == 0) {
            return;
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (int i = 0; i < slots; i++) {
            array.add(responses[i]);
        }
        slots = 0; // sent once
        session.sendArray(array);
    }
}
