using Asobi.Node.Social.Presence;

namespace Asobi.UnitTests.Social;

public class PresenceVersionsTests
{
    [Fact]
    public void Only_a_version_newer_than_the_last_delivered_one_passes_per_player()
    {
        var versions = new PresenceVersions();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        Assert.True(versions.TryMarkNewer(a, 5));
        Assert.False(versions.TryMarkNewer(a, 5));
        Assert.False(versions.TryMarkNewer(a, 4));
        Assert.True(versions.TryMarkNewer(b, 1));
        Assert.True(versions.TryMarkNewer(a, 6));
        Assert.False(versions.TryMarkNewer(a, 5));
    }

    [Fact]
    public void Past_the_limit_the_table_starts_over()
    {
        var versions = new PresenceVersions();
        var first = Guid.NewGuid();
        Assert.True(versions.TryMarkNewer(first, 10));
        for (var i = 0; i < PresenceVersions.MaxTracked; i++)
        {
            versions.TryMarkNewer(Guid.NewGuid(), 1);
        }

        // The next mark clears the table: an old version of the first player passes once.
        Assert.True(versions.TryMarkNewer(Guid.NewGuid(), 1));
        Assert.True(versions.TryMarkNewer(first, 3));
    }
}
