using Asobi.Bus;

namespace Asobi.UnitTests.Bus;

public sealed class SubscriptionRegistryTests
{
    [Fact]
    public void Disposing_a_subscription_removes_only_that_one_even_for_the_same_handler()
    {
        var registry = new SubscriptionRegistry();
        Func<BusMessage, ValueTask> handler = _ => ValueTask.CompletedTask;
        var first = registry.Subscribe("t", handler);
        using var second = registry.Subscribe("t", handler);

        first.Dispose();
        first.Dispose();

        Assert.Single(registry.HandlersFor("t"));
        Assert.Empty(registry.HandlersFor("other"));
    }

    [Fact]
    public void Topics_match_exactly()
    {
        var registry = new SubscriptionRegistry();
        using var sub = registry.Subscribe("chat.room", _ => ValueTask.CompletedTask);

        Assert.Empty(registry.HandlersFor("chat.Room"));
        Assert.Empty(registry.HandlersFor("chat"));
        Assert.Single(registry.HandlersFor("chat.room"));
    }
}
