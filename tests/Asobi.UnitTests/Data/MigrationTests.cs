using Asobi.Data;

namespace Asobi.UnitTests.Data;

public sealed class MigrationTests
{
    [Theory]
    [InlineData("0001_core.sql", 1)]
    [InlineData("0042_add_things.sql", 42)]
    public void Versions_come_from_the_file_name(string name, int version) => Assert.Equal(version, Migration.ParseVersion(name));

    [Theory]
    [InlineData("core.sql")]
    [InlineData("_core.sql")]
    [InlineData("00x1_core.sql")]
    [InlineData("0000_zero.sql")]
    public void Badly_named_files_are_refused(string name) => Assert.Throws<InvalidOperationException>(() => Migration.ParseVersion(name));

    [Fact]
    public void Embedded_migrations_are_ordered_and_unique()
    {
        var all = Migration.Embedded();
        Assert.NotEmpty(all);
        Assert.Equal(all.Select(m => m.Version).Order(), all.Select(m => m.Version));
        Assert.Equal(all.Count, all.Select(m => m.Version).Distinct().Count());
        Assert.All(all, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql)));
    }
}
