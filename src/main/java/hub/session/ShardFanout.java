package hub.session;

import hub.channel.ChannelIndex;
import hub.metrics.HubMetrics;
import hub.protocol.Format;
import hub.protocol.ProtocolCodec;
import hub.protocol.Publication;
import hub.stream.StreamAudience;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Writes what the broker and the channel streams hand to a shard to the shard's subscribers: publications, join/leave
 * pushes and the unsubscribe of a subscription that lost its stream position. Each format is encoded once per event.
 * Confined to its shard's event loop, like the index it reads.
 */
final class ShardFanout {

  /** Unsubscribe code of a subscription that lost its stream position: the SDK resubscribes and recovers. */
  static final int POSITION_LOST_CODE = 2500;
  static final String POSITION_LOST_REASON = "insufficient state";

  private final ChannelIndex<Session> channels;
  private final Membership membership;
  private final HubMetrics metrics;
  private final BiConsumer<String, Session> unsubscribe;
  private final Audience audience = new Audience();

  /** @param unsubscribe the shard's unsubscribe, run for each session whose subscription lost its position */
  ShardFanout(ChannelIndex<Session> channels, Membership membership, HubMetrics metrics,
              BiConsumer<String, Session> unsubscribe) {
    this.channels = channels;
    this.membership = membership;
    this.metrics = metrics;
    this.unsubscribe = unsubscribe;
  }

  /** How the shard's channel streams write to its subscribers. */
  StreamAudience<Session> audience() {
    return audience;
  }

  /** A publication of a channel without history: straight to every subscriber, in arrival order. */
  void publish(Publication publication) {
    Set<Session> subscribers = channels.subscribersOf(publication.channel());
    if (!subscribers.isEmpty()) {
      deliver(subscribers, publication::push); // memoised on the publication: one encoding per format
    }
  }

  /** @param about a client that must not hear this push (a repair push about it), or null */
  void joinLeave(String channel, byte[] pushFrame, String about) {
    Set<Session> listeners = membership.audienceOf(channel);
    if (listeners.isEmpty()) {
      return;
    }
    if (about != null) {
      // Rare (repair after a split brain): a filtered copy rather than a test in the common path.
      Set<Session> others = new java.util.LinkedHashSet<>();
      listeners.forEach(s -> {
        if (!about.equals(s.clientId())) {
          others.add(s);
        }
      });
      listeners = others;
    }
    deliver(listeners, new PushFrames(pushFrame));
  }

  /**
   * Writes to every session of {@code subscribers} the frame of its format; {@code frames} returns the same array
   * for every session of one format, so each format is encoded once and framed once ({@code SharedFrames}).
   */
  private void deliver(Set<Session> subscribers, Function<Format, byte[]> frames) {
    int delivered = 0;
    for (Session s : subscribers) {
      if (s.deliver(frames.apply(s.format()))) {
        delivered++;
      }
    }
    metrics.messagesOut(delivered);
  }

  private final class Audience implements StreamAudience<Session> {

    @Override
    public void deliver(Publication publication, Map<Session, Long> skip) {
      Set<Session> subscribers = channels.subscribersOf(publication.channel());
      if (subscribers.isEmpty()) {
        return;
      }
      if (skip.isEmpty()) {
        ShardFanout.this.deliver(subscribers, publication::push);
        return;
      }
      int delivered = 0;
      for (Session s : subscribers) {
        Long upTo = skip.get(s);
        if ((upTo == null || upTo < publication.offset()) && s.deliver(publication.push(s.format()))) {
          delivered++;
        }
      }
      metrics.messagesOut(delivered);
    }

    @Override
    public void deliverTo(Session subscriber, Publication publication) {
      if (subscriber.deliver(publication.push(subscriber.format()))) {
        metrics.messagesOut(1);
      }
    }

    @Override
    public void lost(String channel, List<Session> subscribers) {
      PushFrames push = new PushFrames(ProtocolCodec.unsubscribePush(channel, POSITION_LOST_CODE, POSITION_LOST_REASON));
      List<Session> serverSide = null;
      for (Session s : subscribers) {
        if (s.isServerSide(channel)) {
          // The client cannot resubscribe a server-side subscription: it reconnects and recovers it at connect.
          if (serverSide == null) {
            serverSide = new java.util.ArrayList<>(1);
          }
          serverSide.add(s);
          metrics.positionLost();
        } else if (s.channels().remove(channel)) {
          s.send(push.apply(s.format())); // before anything else of the channel: the client recovers from the offset it holds now
          unsubscribe.accept(channel, s);
          metrics.positionLost();
        }
      }
      if (serverSide != null) {
        serverSide.forEach(s -> s.close(CloseReason.INSUFFICIENT_STATE));
      }
    }
  }

  /** A JSON push frame and its conversions to the other formats, each made when first asked for. */
  private static final class PushFrames implements Function<Format, byte[]> {
    private final byte[][] byFormat = new byte[Format.values().length][];
    private final byte[] json;

    PushFrames(byte[] json) {
      this.json = json;
    }

    @Override
    public byte[] apply(Format format) {
      byte[] frame = byFormat[format.ordinal()];
      if (frame == null) {
        frame = format.fromJsonPush(json);
        byFormat[format.ordinal()] = frame;
      }
      return frame;
    }
  }
}
