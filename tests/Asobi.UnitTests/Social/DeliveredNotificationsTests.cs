using System.Text;
using System.Text.Json;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;
using Asobi.Node.Social.Notifications;

namespace Asobi.UnitTests.Social;

public class DeliveredNotificationsTests
{
    [Fact]
    public void An_id_is_marked_once_and_the_oldest_are_forgotten_beyond_the_capacity()
    {
        var delivered = new DeliveredNotifications();
        var first = Guid.NewGuid();
        Assert.True(delivered.TryMark(first));
        Assert.False(delivered.TryMark(first));

        for (var i = 0; i < DeliveredNotifications.Capacity; i++)
        {
            Assert.True(delivered.TryMark(Guid.NewGuid()));
        }

        Assert.True(delivered.TryMark(first));
    }

    [Fact]
    public void The_id_is_read_from_the_frame_the_node_sends_not_from_the_content()
    {
        var id = Guid.NewGuid();
        using var content = JsonDocument.Parse("""{"id":"00000000-0000-0000-0000-000000000001","payload":{"id":"x"}}""");
        var n = new Notification(id, Guid.NewGuid(), "friend_request", "hi", content.RootElement, DateTimeOffset.UnixEpoch, null);
        var frame = Encoding.UTF8.GetString(Envelope.Serialize(NotificationService.PushType, NotificationService.View(n)));

        Assert.True(DeliveredNotifications.TryReadId(frame, out var read));
        Assert.Equal(id, read);
    }

    [Theory]
    [InlineData("""{"type":"notification.new","payload":{}}""")]
    [InlineData("""{"type":"notification.new","payload":{"id":"not-a-guid"}}""")]
    [InlineData("""{"type":"chat.message","payload":{"message_id":"12"}}""")]
    public void Frames_without_a_notification_id_give_none(string frame)
    {
        Assert.False(DeliveredNotifications.TryReadId(frame, out _));
    }
}
