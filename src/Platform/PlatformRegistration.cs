using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Modules;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Platform;

/// <summary>Registers the platform kernel and the given modules on the host.</summary>
public static class PlatformRegistration
{
    public static PlatformOptions AddOsakaDxPlatform(this WebApplicationBuilder builder, IReadOnlyList<IOsakaDxModule> modules)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        MapEnvironmentVariables(config);
        var options = config.GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions();
        services.Configure<PlatformOptions>(config.GetSection(PlatformOptions.Section));

        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditActor>();
        services.AddSingleton<AuditSaveChangesInterceptor>();
        services.AddScoped<AuditLog>();

        services.AddModuleDb<PlatformDb, SqlitePlatformDb, PostgresPlatformDb>(options, PlatformDb.Schema);

        var identity = config.GetSection("OsakaDx:Identity");
        services.AddIdentity<StaffUser, StaffRole>(o =>
            {
                o.Password.RequiredLength = identity.GetValue("PasswordLength", 12);
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 5;
                o.Lockout.MaxFailedAccessAttempts = identity.GetValue("LockoutAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(identity.GetValue("LockoutMinutes", 15));
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<PlatformDb>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>()
            .AddSignInManager<StaffSignInManager>()
            .AddErrorDescriber<JapaneseIdentityErrorDescriber>();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "osakadx.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(identity.GetValue("SessionHours", 9));
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, 401);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, 403);
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));

        // Single sign-on against the city's directory (Entra ID, Keycloak, ...): on when an authority is configured.
        var sso = config.GetSection("OsakaDx:Sso");
        if (!string.IsNullOrWhiteSpace(sso["Authority"]))
        {
            builder.Services.AddAuthentication().AddOpenIdConnect(SsoDefaults.Scheme, sso["DisplayName"] ?? "庁内シングルサインオン", o =>
            {
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.Authority = sso["Authority"];
                o.ClientId = sso["ClientId"];
                o.ClientSecret = sso["ClientSecret"];
                o.ResponseType = "code";
                o.UsePkce = true;

                // The authorization code comes back on the query string (a top-level GET), so the
                // correlation and nonce cookies can be SameSite=Lax and follow the request's scheme
                // (https behind the city's TLS proxy, which forwards X-Forwarded-Proto).
                o.ResponseMode = "query";
                o.CorrelationCookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
                o.CallbackPath = "/signin-oidc";
                o.SaveTokens = false;
                o.RequireHttpsMetadata = sso.GetValue("RequireHttpsMetadata", true);
                o.Scope.Add("email");
                o.MapInboundClaims = false;
            });
        }

        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        foreach (var module in modules)
        {
            services.AddSingleton(module);
        }

        services.AddSingleton<PermissionRegistry>();
        services.AddScoped<OrgService>();
        services.AddScoped<JobService>();
        services.Configure<JobRunnerOptions>(config.GetSection("OsakaDx:Jobs"));
        services.AddSingleton<JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        services.AddSingleton<IJobHandler, AuditExportJob>();

        foreach (var module in modules)
        {
            module.AddServices(builder);
        }

        return options;
    }

    /// <summary>Applies pending migrations of every registered database, platform first.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        foreach (var database in scope.ServiceProvider.GetServices<ModuleDatabase>())
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(database.ContextType);
            await context.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>OSAKADX_DATA, OSAKADX_DB, OSAKADX_DEMO → OsakaDx:DataPath, OsakaDx:Database, OsakaDx:Demo (when not set otherwise).</summary>
    private static void MapEnvironmentVariables(ConfigurationManager config)
    {
        var map = new Dictionary<string, string>
        {
            ["OSAKADX_DATA"] = "OsakaDx:DataPath",
            ["OSAKADX_DB"] = "OsakaDx:Database",
            ["OSAKADX_DEMO"] = "OsakaDx:Demo",
        };
        var values = new Dictionary<string, string?>();
        foreach (var (env, key) in map)
        {
            var value = Environment.GetEnvironmentVariable(env);
            if (!string.IsNullOrEmpty(value) && string.IsNullOrEmpty(config[key]))
            {
                values[key] = value;
            }
        }

        if (values.Count > 0)
        {
            config.AddInMemoryCollection(values);
        }
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        // API callers get a status code; people (including the API reference pages under /api/docs) get the sign-in page.
        if (ctx.Request.Path.StartsWithSegments("/api") && !ctx.Request.Path.StartsWithSegments("/api/docs"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

public static class SsoDefaults
{
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;
}
