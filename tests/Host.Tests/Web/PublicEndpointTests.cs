using System.Net;
using System.Text.Json;
using OsakaDx.Host.Tests.Infrastructure;

namespace OsakaDx.Host.Tests.Web;

/// <summary>What anyone reaching the server sees, before and around sign-in (SQLite host).</summary>
public sealed class PublicEndpointTests(OsakaDxFactory factory) : IClassFixture<OsakaDxFactory>
{
    [Fact]
    public async Task Healthz_is_healthy()
    {
        using var client = factory.CreateBrowserClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_checks_the_databases_and_is_ok()
    {
        using var client = factory.CreateBrowserClient();
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_portal_redirects_to_login()
    {
        using var client = factory.CreateBrowserClient();
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_page_is_japanese_and_carries_security_headers()
    {
        using var client = factory.CreateBrowserClient();
        using var response = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadDecodedAsync();
        Assert.Contains("<html lang=\"ja\"", html, StringComparison.Ordinal);
        Assert.Contains("<title>サインイン | 大阪市 OsakaDx</title>", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Unknown_page_is_404_with_japanese_text_for_a_signed_in_user()
    {
        using var client = await factory.SignedInClientAsync("staff", "Staff-Demo-2025!");
        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.ReadDecodedAsync();
        Assert.Contains("ページが見つかりません", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ja\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_api_resource_is_404_problem_json_not_the_html_page()
    {
        using var client = await factory.SignedInClientAsync("staff", "Staff-Demo-2025!");
        using var response = await client.GetAsync(new Uri($"/api/platform/jobs/{Guid.NewGuid()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, doc.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Api_answers_401_to_anonymous_callers_not_a_redirect()
    {
        using var client = factory.CreateBrowserClient();
        using var response = await client.GetAsync(new Uri("/api/platform/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task OpenApi_document_is_json_and_lists_the_org_endpoint()
    {
        using var client = await factory.SignedInClientAsync("staff", "Staff-Demo-2025!");
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.GetProperty("paths").TryGetProperty("/api/platform/org", out _));
        Assert.Equal("OsakaDx API", doc.RootElement.GetProperty("info").GetProperty("title").GetString());
    }
}
