using System.Net;
using System.Text.Json;

namespace OsakaDx.Talk.Tests;

[Collection(HostGroup.Name)]
public sealed class ApiTests(HostFixture host)
{
    private static Uri U(string s) => new(s, UriKind.Relative);

    [Fact]
    public async Task ServicesAndFreeSlotsArePublic()
    {
        var client = host.Client();
        using var services = JsonDocument.Parse(await client.GetStringAsync(U("/api/talk/services")));
        var kita = services.RootElement.EnumerateArray().Single(e => e.GetProperty("office").GetString() == "北区役所");
        Assert.Equal("法律相談", kita.GetProperty("name").GetString());

        var id = kita.GetProperty("id").GetInt32();
        using var slots = JsonDocument.Parse(await client.GetStringAsync(U($"/api/talk/services/{id}/slots")));
        Assert.NotEmpty(slots.RootElement.EnumerateArray());
        Assert.All(slots.RootElement.EnumerateArray(), s => Assert.Equal(2, s.GetProperty("capacity").GetInt32()));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(U($"/api/talk/services/{id}/slots?from=12月1日"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(U("/api/talk/services/99999/slots"))).StatusCode);
    }
}
