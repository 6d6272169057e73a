using System.Net;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Host.Tests.Infrastructure;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Host.Tests.Web;

/// <summary>The host configured for single sign-on against a (fake, local) OpenID Connect directory.</summary>
public sealed class SsoFactory : OsakaDxFactory
{
    public FakeIdentityProvider Directory { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OsakaDx:Sso:Authority"] = Directory.Authority,
        ["OsakaDx:Sso:ClientId"] = FakeIdentityProvider.ClientId,
        ["OsakaDx:Sso:ClientSecret"] = FakeIdentityProvider.ClientSecret,
        ["OsakaDx:Sso:RequireHttpsMetadata"] = "false",
    };

    public override async Task InitializeAsync()
    {
        await Directory.StartAsync();
        await base.InitializeAsync();
    }

    protected override async Task AfterDisposeAsync() => await Directory.DisposeAsync();
}

public sealed class SsoTests(SsoFactory factory) : IClassFixture<SsoFactory>
{
    [Fact]
    public async Task Directory_user_with_a_staff_account_signs_in_through_the_whole_code_flow_and_is_audited()
    {
        factory.Directory.UserName = "auditor";
        var client = factory.CreateBrowserClient();

        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Contains("庁内シングルサインオンでサインイン", WebUtility.HtmlDecode(login), StringComparison.Ordinal);

        var portal = await RunSsoAsync(client);

        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        Assert.Contains("ようこそ、中之島 花子 さん", await portal.ReadDecodedAsync(), StringComparison.Ordinal);
        var rows = await factory.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Action == AuditActions.SignIn && a.Detail == "SSO").CountAsync());
        Assert.Equal(1, rows);
        var linked = await factory.WithDbAsync((db, _) => db.UserLogins.CountAsync(l => l.ProviderKey == "dir-auditor"));
        Assert.Equal(1, linked);
    }

    [Fact]
    public async Task Directory_user_without_a_staff_account_is_refused_and_the_attempt_is_audited()
    {
        factory.Directory.UserName = "stranger";
        var client = factory.CreateBrowserClient();

        var end = await RunSsoAsync(client);

        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        Assert.EndsWith("/account/login?sso=unknown", end.RequestMessage!.RequestUri!.PathAndQuery, StringComparison.Ordinal);
        var me = await client.GetAsync(new Uri("/api/platform/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        var failed = await factory.WithDbAsync((db, _) => db.AuditEntries.CountAsync(a => a.Action == AuditActions.SignInFailed && a.Actor == "stranger"));
        Assert.Equal(1, failed);
    }

    /// <summary>Posts the SSO button and follows every redirect, across the host and the provider, like a browser.</summary>
    private static async Task<HttpResponseMessage> RunSsoAsync(HttpClient client)
    {
        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = LoginForm.ReadForm(login, "login").Hidden.First(h => h.Name == "__RequestVerificationToken").Value;
        var response = await client.PostAsync(new Uri("/account/sso", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["returnUrl"] = "/",
        }));

        using var outside = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        for (var hop = 0; hop < 10; hop++)
        {
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            {
                return response;
            }

            var location = response.Headers.Location!;
            response = location.IsAbsoluteUri && location.Host == "127.0.0.1" && location.Authority != client.BaseAddress!.Authority
                ? await outside.GetAsync(location)
                : await client.GetAsync(location.IsAbsoluteUri ? new Uri(location.PathAndQuery, UriKind.Relative) : location);
        }

        throw new InvalidOperationException("too many redirects");
    }
}
