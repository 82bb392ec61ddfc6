using Asobi.Node.Economy;

namespace Asobi.UnitTests.Economy;

public sealed class StoreListingTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_listing_is_on_sale_from_its_start_up_to_but_not_at_its_end()
    {
        var listing = new StoreListing("x", "hat", 1, "gold", 5, From, From.AddDays(1));
        Assert.False(listing.IsOnSale(From.AddTicks(-1)));
        Assert.True(listing.IsOnSale(From));
        Assert.True(listing.IsOnSale(From.AddDays(1).AddTicks(-1)));
        Assert.False(listing.IsOnSale(From.AddDays(1)));
        Assert.True(new StoreListing("y", "hat", 1, "gold", 5, null, null).IsOnSale(DateTimeOffset.MinValue));
    }

    [Theory]
    [InlineData("", "gold", 5, 1)]
    [InlineData("hat", "", 5, 1)]
    [InlineData("hat", "gold", 0, 1)]
    [InlineData("hat", "gold", 5, 0)]
    public void Malformed_listings_stop_the_node_with_the_reason(string item, string currency, long price, long quantity)
    {
        var options = new EconomyOptions();
        options.Listings["bad"] = new ListingOptions { ItemId = item, Currency = currency, Price = price, Quantity = quantity };
        var ex = Assert.Throws<InvalidOperationException>(() => StoreListing.FromOptions(options));
        Assert.Contains("'bad'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused()
    {
        var options = new EconomyOptions();
        options.Listings["w"] = new ListingOptions { ItemId = "hat", Currency = "gold", Price = 1, ValidFrom = From, ValidUntil = From };
        Assert.Throws<InvalidOperationException>(() => StoreListing.FromOptions(options));
    }
}
