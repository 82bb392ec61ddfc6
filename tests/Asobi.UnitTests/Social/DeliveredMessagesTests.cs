using System.Text;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Chat;
using Asobi.Node.Social.Fanout;

namespace Asobi.UnitTests.Social;

public sealed class DeliveredMessagesTests
{
    [Fact]
    public void An_id_is_marked_once_and_the_oldest_are_forgotten_beyond_the_capacity()
    {
        var delivered = new DeliveredMessages();
        Assert.True(delivered.TryMark(1));
        Assert.False(delivered.TryMark(1));
        for (long id = 2; id <= DeliveredMessages.Capacity + 1; id++)
        {
            Assert.True(delivered.TryMark(id));
        }

        Assert.True(delivered.TryMark(1)); // forgotten
        Assert.False(delivered.TryMark(DeliveredMessages.Capacity + 1));
    }

    [Fact]
    public void The_message_id_is_read_from_a_serialized_frame_even_when_the_content_imitates_it()
    {
        var view = new MessageView("global:a", "12345", Guid.NewGuid(), "\"message_id\":\"999\"", 1);
        var frame = Encoding.UTF8.GetString(Envelope.Serialize(ChatKinds.Chat, view));
        Assert.True(DeliveredMessages.TryReadId(frame, out var id));
        Assert.Equal(12345, id);
        Assert.False(DeliveredMessages.TryReadId("""{"type":"presence.changed","payload":{}}""", out _));
        Assert.False(DeliveredMessages.TryReadId("""{"payload":{"message_id":"x1"}}""", out _));
    }
}
