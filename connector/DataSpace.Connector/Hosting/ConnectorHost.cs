using DataSpace.Connector.Api;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Http;
using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Postgres;
using DataSpace.Connector.Privacy;
using DataSpace.Connector.Telemetry;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Serilog;
using DataSpace.Hosting;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// Builds the connector's web application (docs/connector-service.md): configuration, the data directory and key,
/// logging, problem details, limits, OpenAPI, health and the connector's endpoints.
/// </summary>
public static class ConnectorHost
{
    /// <summary>The prefix of the environment variables read as configuration (<c>DSC_Connector__DataDirectory</c>).</summary>
    public const string EnvironmentPrefix = "DSC_";

    /// <summary>Where the OpenAPI document is served.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>
    /// Reads and checks the configuration, prepares the data directory (creating it and the connector key on first
    /// start) and builds the app, not yet started. Bad configuration is a <see cref="ConnectorConfigurationException"/>
    /// naming the setting.
    /// </summary>
    public static ConnectorApp Build(string[] args, ConnectorHostHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        hooks ??= new ConnectorHostHooks();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ConnectorHost).Assembly.GetName().Name,
        });
        AddConfiguration(builder.Configuration, args, hooks.Defaults);
        hooks.ConfigureBuilder?.Invoke(builder);

        var options = ReadOptions(builder.Configuration);
        var suite = SignatureSuites.Get(options.SignatureSuite);
        var directory = ConnectorDataDirectory.Open(options.DataDirectory);
        var key = directory.LoadOrCreateKey(suite);
        Serilog.Core.Logger? logger = null;
        GatewayTrust? gateway = null;
        try
        {
            var trust = new GatewayTrust(
                options.Gateway.Enabled,
                options.Gateway.Enabled ? directory.LoadOrCreateGatewaySecret(options.Gateway.SecretFile) : [],
                options.Gateway.MaxAge);
            gateway = trust;
            // One logger per app (never the static Log.Logger): several connectors may share a process, as in tests.
            logger = ConnectorLogging.Configure(new LoggerConfiguration(), builder.Configuration, options, directory).CreateLogger();
            builder.Services.AddSingleton(_ => trust); // disposed (the secret zeroed) with the app
            ConfigureServices(builder, options, directory, key, logger);
            var app = builder.Build();
            ConfigurePipeline(app, hooks, logger);
            return new ConnectorApp(app, directory);
        }
        catch
        {
            logger?.Dispose();
            gateway?.Dispose();
            key.Dispose();
            throw;
        }
    }

    /// <summary>Embedded defaults, the caller's defaults, appsettings.json, DSC_ variables, then the command line.</summary>
    internal static void AddConfiguration(IConfigurationBuilder configuration, string[] args, IReadOnlyDictionary<string, string?>? defaults)
    {
        configuration.Sources.Clear();
        using (var embedded = typeof(ConnectorHost).Assembly.GetManifestResourceStream("DataSpace.Connector.appsettings.json")
            ?? throw new InvalidOperationException("the embedded appsettings.json is missing from the connector assembly"))
        {
            configuration.AddJsonStream(embedded);
        }

        if (defaults is not null)
        {
            configuration.AddInMemoryCollection(defaults);
        }

        configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(args);
    }

    /// <summary>Binds and validates the <c>Connector</c> section; failures name the setting.</summary>
    internal static ConnectorOptions ReadOptions(IConfiguration configuration)
    {
        var options = new ConnectorOptions();
        try
        {
            configuration.GetSection(ConnectorOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            // The binder's message names the key: "Failed to convert configuration value at 'Connector:...'".
            throw new ConnectorConfigurationException($"invalid configuration: {exception.Message}", exception);
        }

        var result = new ConnectorOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed
            ? throw new ConnectorConfigurationException("invalid configuration: " + string.Join("; ", result.Failures))
            : options;
    }

    private static void ConfigureServices(
        WebApplicationBuilder builder, ConnectorOptions options, ConnectorDataDirectory directory, SigningKey key, Serilog.ILogger logger)
    {
        var services = builder.Services;
        services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        services.Configure<ConsoleLifetimeOptions>(console => console.SuppressStatusMessages = true);

        services.AddSerilog(logger, dispose: true);

        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestBufferSize = RequestBody.ConnectionBufferBytes; // docs/connector-service.md, "Bodies"
            kestrel.Limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = options.MaxRequestHeaderCount;
        });
        builder.WebHost.UseSockets(sockets => sockets.MaxReadBufferSize = RequestBody.ConnectionBufferBytes);
        services.AddRequestTimeouts(timeouts =>
        {
            timeouts.DefaultPolicy = new RequestTimeoutPolicy { Timeout = options.RequestTimeout };
            timeouts.AddPolicy(ConnectorEndpointConventions.UploadTimeoutPolicy, options.UploadRequestTimeout);
        });

        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            ProblemResponses.Complete(context.ProblemDetails, context.HttpContext));
        services.AddExceptionHandler<ConnectorExceptionHandler>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "DataSpace connector";
            document.Info.Version = ConnectorAssembly.Version;
            return Task.CompletedTask;
        }));

        services.AddSingleton(directory);
        services.AddSingleton(Data.DatasetSources.Create(options, directory));
        services.AddSingleton(_ => key);
        services.Configure<LogOptions>(log =>
        {
            log.Directory = directory.LogDirectory;
            log.Digest = key.Suite.Digest;
            log.Origin = options.LogOrigin;
            log.CheckpointInterval = options.CheckpointInterval;
            log.CheckpointKey = key.PublicKey; // opening the log verifies its last checkpoint's signature too
        });
        if (options.Storage.Log == LogStorage.Postgres)
        {
            // One log for every replica (Storage/Postgres/PostgresLog.cs): registered before the crypto services, whose
            // file log is only the default.
            services.AddSingleton<ITransparencyLog>(sp => PostgresLog.OpenAsync(
                options.Storage.ConnectionString!,
                sp.GetRequiredService<IOptions<LogOptions>>().Value,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("DataSpace.Connector.Storage.SharedLog")).GetAwaiter().GetResult());

            // Replicas behind gateways: a nonce one replica remembered is refused by every other (docs/gateway.md, "Replays").
            services.AddSingleton<DataSpace.Crypto.HttpSignatures.INonceStore>(sp =>
                new PostgresNonceStore(options.Storage.ConnectionString!, sp.GetRequiredService<TimeProvider>()));
        }

        services.AddDataSpaceCrypto();
        services.AddDataSpacePolicy();
        services.AddDataSpaceSandbox(options.Sandbox.ToSandboxOptions(directory.ModulesDirectory));
        services.AddConnectorStorage(new StorageOptions
        {
            Engine = options.Storage.Engine,
            DataDirectory = directory.Root,
            ConnectionString = options.Storage.ConnectionString,
        });
        services.AddHostedService<TrustListBootstrap>();
        services.AddSingleton(new ConnectorReplica(options.ReplicaId ?? (options.Id ?? key.PublicKey.KeyId) + "@" + Environment.MachineName));
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditIndex>();
        services.AddHostedService<AuditIndexService>();
        services.AddSingleton<JobRunnerSignal>();
        services.AddSingleton<JobLifecycle>();
        services.AddSingleton<JobAdmission>();
        services.AddSingleton<JobDelivery>();
        services.AddSingleton(provider => new JobPublishGrid(options.Jobs.PublishGrid, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<JobExecutor>();
        services.AddSingleton(provider => new Plans.OverlapControl(provider.GetRequiredService<IConnectorStore>()));
        services.AddSingleton<BudgetAccounts>();
        services.AddSingleton<BudgetReport>();
        services.AddHostedService<JobRecovery>();
        services.AddSingleton(new RunSlots(options.Jobs.RunSlots, options.Jobs.RunSlotsPerOperator, JobRunner.MaxInFlight));
        services.AddSingleton(new JobWallTime(options.Jobs.WallTimeBase, options.Jobs.WallTimePerMillionRows, options.Sandbox.WallTime));
        services.AddHostedService<JobRunner>();
        services.AddSingleton<Jobs.Tasks.JobTaskSignal>();
        services.AddSingleton<Jobs.Tasks.JobTaskRunnerSignal>();
        services.AddHostedService<Jobs.Tasks.JobTaskHints>();
        services.AddSingleton(provider => new Jobs.Tasks.JobTaskStore(provider.GetRequiredService<Storage.Sql.StorageDatabase>()));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<Jobs.Tasks.JobTasks>(provider, options.Jobs.TasksPerJob, options.Jobs.TaskLease));
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<Jobs.Tasks.JobTaskRunner>(provider, options.Jobs.TaskWorkers, options.Jobs.TaskLease));
        services.AddSingleton(new Federation.FederationMasks(directory.FederationSecretFile));
        services.AddSingleton<Federation.FederationPeers>();
        services.AddSingleton<Federation.FederationSignal>();
        services.AddSingleton<Federation.FederationInbox>();
        services.AddSingleton<Federation.FederationContributor>();
        services.AddHostedService<Federation.FederationService>();
        services.AddSingleton<TrustedKeyCache>();
        services.AddSingleton<DatasetRegistrations>();
        services.AddAuthentication(PartyClaims.Scheme)
            .AddScheme<SignatureAuthenticationOptions, SignatureAuthenticationHandler>(PartyClaims.Scheme, signatures =>
                signatures.MaxBodyBytes = options.MaxRequestBodyBytes);
        services.AddSingleton(provider => new ServerOrigins(
            [.. provider.GetRequiredService<IOptions<ConnectorOptions>>().Value.PublicOrigins], provider.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()));
        services.AddSingleton(new DataSpace.Crypto.HttpSignatures.ContentBudget(options.BufferedBodyLimit));
        services.AddSingleton<RefusalRateLimiter>();
        services.AddAuthorization(PartyPolicies.Add);
        services.AddSingleton(provider => new ConnectorIdentity(
            options.Id ?? key.PublicKey.KeyId,
            options.Name,
            key.Suite.Name,
            key.PublicKey.KeyId,
            key.PublicKey.ExportPem(),
            provider.GetRequiredService<Checkpointer>().Origin,
            ConnectorAssembly.Version));

        services.AddSingleton<ConnectorLifecycle>();
        services.AddHostedService(provider => provider.GetRequiredService<ConnectorLifecycle>());
        services.AddConnectorTelemetry(options);
        services.AddHealthChecks()
            .AddCheck<DataDirectoryHealthCheck>(ConnectorHealth.DataDirectoryCheck, tags: [ConnectorHealth.ReadyTag])
            .AddCheck<TransparencyLogHealthCheck>(ConnectorHealth.TransparencyLogCheck, tags: [ConnectorHealth.ReadyTag])
            .AddCheck<SigningKeyHealthCheck>(ConnectorHealth.SigningKeyCheck, tags: [ConnectorHealth.ReadyTag])
            .AddCheck<StorageHealthCheck>(ConnectorHealth.StorageCheck, tags: [ConnectorHealth.ReadyTag]);
    }

    private static void ConfigurePipeline(WebApplication app, ConnectorHostHooks hooks, Serilog.ILogger logger)
    {
        // Outermost, so the completion event sees the final status of every request, errors included; never bodies.
        app.UseSerilogRequestLogging(logging =>
        {
            logging.Logger = logger;
            logging.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms";
        });
        app.UseExceptionHandler();

        // Outside the status code pages: a refusal's problem is written (naming the body limit) before the edge sets it to 0.
        app.UseMiddleware<RequestEdgeMiddleware>();
        app.UseStatusCodePages(ProblemResponses.WriteStatusAsync);
        app.UseRouting();
        app.UseRequestTimeouts();
        app.UseAuthentication();
        app.UseMiddleware<SignatureMetricsMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<ResourceIdMiddleware>();
        hooks.ConfigurePipeline?.Invoke(app);
        app.UseMiddleware<ConnectorLogScopeMiddleware>();

        app.MapOpenApi(OpenApiPath).DisableRequestTimeout();
        app.MapHealthApi();
        app.MapConnectorMetrics(app.Services.GetRequiredService<IOptions<ConnectorOptions>>().Value);
        app.MapConnectorApi();
        app.MapWhoAmIApi();
        app.MapCatalogApi();
        app.MapPartiesApi();
        app.MapDatasetRegistrationsApi();
        app.MapAuditApi();
        app.MapAgreementsApi();
        app.MapAgreementUsageApi();
        app.MapJobsApi();
        app.MapJobSubmissionApi();
        app.MapBudgetApi();
        app.MapSettlementsApi();
        app.MapFederationsApi();
        app.MapInternalApi();
        hooks.MapEndpoints?.Invoke(app);
    }
}
