// The bot on Azure App Service (Linux, Node), with its storage account, Application Insights on a Log
// Analytics workspace, optional CPU autoscale and an optional Azure Bot. infra/azuredeploy.json is the same
// template as ARM JSON (the "Deploy to Azure" button); test/infra/templates.test.ts keeps the two in step
// and the app settings in step with the configuration schema (src/app/config.ts).

@description('Name of the web app; the bot answers at https://<appName>.azurewebsites.net. Globally unique.')
@minLength(2)
@maxLength(60)
param appName string

@description('Region of every resource but the Azure Bot (which is global).')
param location string = resourceGroup().location

@description('App Service plan size. Always On and autoscale need Basic (B1) or more; autoscale needs Standard (S1) or Premium.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param skuName string = 'P0v3'

@description('Instances of the plan while autoscale is off (they share each number\'s send rate by themselves).')
@minValue(1)
@maxValue(30)
param instanceCount int = 1

@description('Runtime of the web app (Node 20 LTS; Node 22 LTS runs it too).')
@allowed([
  'NODE|20-lts'
  'NODE|22-lts'
])
param linuxFxVersion string = 'NODE|20-lts'

@description('Name of the storage account for state, media, submissions, the inbox and the history (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string = 'st${uniqueString(resourceGroup().id, appName)}'

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSku string = 'Standard_LRS'

@description('STORAGE_CONTAINER_PREFIX: prefix of the blob containers (<prefix>-state, -media, -submissions, -inbox, -history, -system).')
@minLength(2)
@maxLength(41)
param storageContainerPrefix string = 'bot'

@description('HISTORY_RETENTION_DAYS: days the conversation history is kept; the storage lifecycle policy also deletes <prefix>-history blobs older than this.')
@minValue(1)
@maxValue(3650)
param historyRetentionDays int = 90

@description('Days the Log Analytics workspace keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('LOG_LEVEL of the app.')
@allowed([
  'debug'
  'info'
  'warn'
  'error'
])
param logLevel string = 'info'

@description('DEFAULT_LOCALE: the language until a person chooses.')
@allowed([
  'en'
  'hi'
])
param defaultLocale string = 'en'

@description('ORG_NAME: the organisation the privacy notice and the /privacy and /terms pages name (who keeps the data); empty: they say \'the organisation that runs this service\' and the start log warns.')
param orgName string = ''

@description('ORG_CONTACT: how people reach the organisation about their data (an e-mail address, a phone number), shown in the notice and on /privacy; empty: no contact line.')
param orgContact string = ''

@description('IDLE_TIMEOUT_MINUTES: after this long without a message, the next one starts at the menu.')
@minValue(1)
@maxValue(525600)
param idleTimeoutMinutes int = 1440

@description('OUTBOUND_MESSAGES_PER_SECOND: messages a second each number or page may send, shared by the instances.')
@minValue(1)
@maxValue(1000)
param outboundMessagesPerSecond int = 80

@description('TURN_CONCURRENCY: conversations whose turns run at once in one instance.')
@minValue(1)
@maxValue(1000)
param turnConcurrency int = 16

@description('SHUTDOWN_TIMEOUT_MS: how long SIGTERM waits for turns in flight.')
@minValue(0)
@maxValue(60000)
param shutdownTimeoutMs int = 8000

@description('SWEEP_STALE_SECONDS: events waiting longer than this are replayed by the recovery sweep.')
@minValue(1)
@maxValue(86400)
param sweepStaleSeconds int = 30

@description('SWEEP_EVERY_SECONDS: how often the recovery sweep runs.')
@minValue(1)
@maxValue(86400)
param sweepEverySeconds int = 30

@description('OPERATOR_API_REQUESTS_PER_MINUTE: requests a minute each operator key may make.')
@minValue(1)
@maxValue(100000)
param operatorApiRequestsPerMinute int = 600

@description('BROADCAST_LEASE_SECONDS: a broadcast whose instance died is taken over by another after this long.')
@minValue(1)
@maxValue(3600)
param broadcastLeaseSeconds int = 30

@description('SUBMISSION_UPDATE_TEMPLATE: approved WhatsApp template (lower-case letters, digits and _) that tells a person of a status change outside the 24-hour window; empty: not told.')
param submissionUpdateTemplate string = ''

@description('META_GRAPH_URL: Graph API base, version included.')
param metaGraphUrl string = 'https://graph.facebook.com/v24.0'

@description('D360_BASE_URL: 360dialog API base (the sandbox\'s for testing).')
param d360BaseUrl string = 'https://waba-v2.360dialog.io'

@description('MESSENGER_MESSAGE_TAG: tag of proactive Messenger messages outside the 24-hour window; empty: refused there.')
@allowed([
  ''
  'ACCOUNT_UPDATE'
  'CONFIRMED_EVENT_UPDATE'
  'CUSTOMER_FEEDBACK'
  'HUMAN_AGENT'
  'POST_PURCHASE_UPDATE'
])
param messengerMessageTag string = ''

@description('CE_API_URL: the community-engagement backend of the original system; empty: none.')
param ceApiUrl string = ''

@description('COMMUNITIES_FILE: GeoJSON of the communities, a path in the deployed package; empty: the bundled sample.')
param communitiesFile string = ''

@description('WHATSAPP_PHONE_NUMBER_ID: the Cloud API number; empty: no WhatsApp Cloud API channel.')
param whatsappPhoneNumberId string = ''

@description('WHATSAPP_ACCESS_TOKEN (secret, or a Key Vault reference).')
@secure()
param whatsappAccessToken string = ''

@description('WHATSAPP_APP_SECRET: the Meta app secret that signs webhooks (secret, or a Key Vault reference).')
@secure()
param whatsappAppSecret string = ''

@description('WHATSAPP_VERIFY_TOKEN: the token Meta\'s webhook verification sends back (secret, or a Key Vault reference).')
@secure()
param whatsappVerifyToken string = ''

@description('D360_API_KEY: the 360dialog number\'s key (secret, or a Key Vault reference); empty: no 360dialog channel.')
@secure()
param d360ApiKey string = ''

@description('D360_WEBHOOK_SECRET: the X-Webhook-Secret header 360dialog sends (secret, or a Key Vault reference).')
@secure()
param d360WebhookSecret string = ''

@description('MESSENGER_PAGE_ID: the Facebook page; empty: no Messenger channel.')
param messengerPageId string = ''

@description('MESSENGER_PAGE_ACCESS_TOKEN (secret, or a Key Vault reference).')
@secure()
param messengerPageAccessToken string = ''

@description('MESSENGER_APP_SECRET: the Meta app secret that signs webhooks (secret, or a Key Vault reference).')
@secure()
param messengerAppSecret string = ''

@description('MESSENGER_VERIFY_TOKEN (secret, or a Key Vault reference).')
@secure()
param messengerVerifyToken string = ''

@description('CHANNELS_JSON: several numbers and pages as JSON (secret, or a Key Vault reference); empty: none.')
@secure()
param channelsJson string = ''

@description('OPERATOR_API_KEYS: keys of the operator API, comma-separated, each at least 32 characters (secret, or a Key Vault reference); empty: the API is not mounted.')
@secure()
param operatorApiKeys string = ''

@description('TELEMETRY_HASH_KEY: key of the hash applied to ids in telemetry and logs, at least 16 characters (secret, or a Key Vault reference); empty: a random key kept in storage.')
@secure()
param telemetryHashKey string = ''

@description('MicrosoftAppId: the bot\'s Entra app id for /api/messages; empty: /api/messages is not mounted.')
param microsoftAppId string = ''

@description('MicrosoftAppPassword: the app\'s client secret (secret, or a Key Vault reference).')
@secure()
param microsoftAppPassword string = ''

@description('MicrosoftAppType of the bot\'s app registration.')
@allowed([
  'SingleTenant'
  'MultiTenant'
])
param microsoftAppType string = 'SingleTenant'

@description('MicrosoftAppTenantId: the tenant of a SingleTenant app.')
param microsoftAppTenantId string = subscription().tenantId

@description('Name of a Key Vault (RBAC authorization) in this resource group whose secrets the secret parameters may reference as @Microsoft.KeyVault(SecretUri=...); the web app\'s identity is given Key Vault Secrets User on it. Empty: none.')
param keyVaultName string = ''

@description('Scale the plan out and in on CPU (needs Standard or Premium).')
param enableAutoscale bool = false

@description('Fewest instances autoscale keeps.')
@minValue(1)
@maxValue(30)
param autoscaleMinInstances int = 1

@description('Most instances autoscale starts.')
@minValue(1)
@maxValue(30)
param autoscaleMaxInstances int = 3

@description('Create an Azure Bot whose messaging endpoint is https://<appName>.azurewebsites.net/api/messages (needs microsoftAppId).')
param deployBot bool = false

@description('Name of the Azure Bot.')
param botName string = appName

@description('Pricing tier of the Azure Bot.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

var planName = '${appName}-plan'
var workspaceName = '${appName}-logs'
var insightsName = '${appName}-insights'
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: insightsName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource historyLifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'history-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${storageContainerPrefix}-history/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: historyRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: 'npm start'
      healthCheckPath: '/readyz'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        {
          name: 'AZURE_STORAGE_CONNECTION_STRING'
          value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
        }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'STORAGE_CONTAINER_PREFIX', value: storageContainerPrefix }
        { name: 'HISTORY_RETENTION_DAYS', value: string(historyRetentionDays) }
        { name: 'LOG_LEVEL', value: logLevel }
        { name: 'DEFAULT_LOCALE', value: defaultLocale }
        { name: 'ORG_NAME', value: orgName }
        { name: 'ORG_CONTACT', value: orgContact }
        { name: 'IDLE_TIMEOUT_MINUTES', value: string(idleTimeoutMinutes) }
        { name: 'OUTBOUND_MESSAGES_PER_SECOND', value: string(outboundMessagesPerSecond) }
        { name: 'TURN_CONCURRENCY', value: string(turnConcurrency) }
        { name: 'SHUTDOWN_TIMEOUT_MS', value: string(shutdownTimeoutMs) }
        { name: 'SWEEP_STALE_SECONDS', value: string(sweepStaleSeconds) }
        { name: 'SWEEP_EVERY_SECONDS', value: string(sweepEverySeconds) }
        { name: 'OPERATOR_API_REQUESTS_PER_MINUTE', value: string(operatorApiRequestsPerMinute) }
        { name: 'BROADCAST_LEASE_SECONDS', value: string(broadcastLeaseSeconds) }
        { name: 'SUBMISSION_UPDATE_TEMPLATE', value: submissionUpdateTemplate }
        { name: 'META_GRAPH_URL', value: metaGraphUrl }
        { name: 'D360_BASE_URL', value: d360BaseUrl }
        { name: 'MESSENGER_MESSAGE_TAG', value: messengerMessageTag }
        { name: 'CE_API_URL', value: ceApiUrl }
        { name: 'COMMUNITIES_FILE', value: communitiesFile }
        { name: 'WHATSAPP_PHONE_NUMBER_ID', value: whatsappPhoneNumberId }
        { name: 'WHATSAPP_ACCESS_TOKEN', value: whatsappAccessToken }
        { name: 'WHATSAPP_APP_SECRET', value: whatsappAppSecret }
        { name: 'WHATSAPP_VERIFY_TOKEN', value: whatsappVerifyToken }
        { name: 'D360_API_KEY', value: d360ApiKey }
        { name: 'D360_WEBHOOK_SECRET', value: d360WebhookSecret }
        { name: 'MESSENGER_PAGE_ID', value: messengerPageId }
        { name: 'MESSENGER_PAGE_ACCESS_TOKEN', value: messengerPageAccessToken }
        { name: 'MESSENGER_APP_SECRET', value: messengerAppSecret }
        { name: 'MESSENGER_VERIFY_TOKEN', value: messengerVerifyToken }
        { name: 'CHANNELS_JSON', value: channelsJson }
        { name: 'OPERATOR_API_KEYS', value: operatorApiKeys }
        { name: 'TELEMETRY_HASH_KEY', value: telemetryHashKey }
        { name: 'MicrosoftAppId', value: microsoftAppId }
        { name: 'MicrosoftAppPassword', value: microsoftAppPassword }
        { name: 'MicrosoftAppType', value: microsoftAppType }
        { name: 'MicrosoftAppTenantId', value: microsoftAppTenantId }
      ]
    }
  }
}

resource siteLogs 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'logs'
  properties: {
    httpLogs: {
      fileSystem: {
        enabled: true
        retentionInDays: 7
        retentionInMb: 35
      }
    }
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource siteDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: site
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(keyVaultName)) {
  scope: vault
  name: guid(resourceGroup().id, keyVaultName, appName, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource autoscale 'Microsoft.Insights/autoscalesettings@2022-10-01' = if (enableAutoscale) {
  name: '${appName}-autoscale'
  location: location
  properties: {
    name: '${appName}-autoscale'
    enabled: true
    targetResourceUri: plan.id
    profiles: [
      {
        name: 'cpu'
        capacity: {
          minimum: string(autoscaleMinInstances)
          maximum: string(autoscaleMaxInstances)
          default: string(autoscaleMinInstances)
        }
        rules: [
          {
            metricTrigger: {
              metricName: 'CpuPercentage'
              metricResourceUri: plan.id
              timeGrain: 'PT1M'
              statistic: 'Average'
              timeWindow: 'PT10M'
              timeAggregation: 'Average'
              operator: 'GreaterThan'
              threshold: 70
            }
            scaleAction: {
              direction: 'Increase'
              type: 'ChangeCount'
              value: '1'
              cooldown: 'PT5M'
            }
          }
          {
            metricTrigger: {
              metricName: 'CpuPercentage'
              metricResourceUri: plan.id
              timeGrain: 'PT1M'
              statistic: 'Average'
              timeWindow: 'PT10M'
              timeAggregation: 'Average'
              operator: 'LessThan'
              threshold: 30
            }
            scaleAction: {
              direction: 'Decrease'
              type: 'ChangeCount'
              value: '1'
              cooldown: 'PT10M'
            }
          }
        ]
      }
    ]
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = if (deployBot) {
  name: botName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botName
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppId: microsoftAppId
    msaAppType: microsoftAppType
    msaAppTenantId: microsoftAppType == 'SingleTenant' ? microsoftAppTenantId : ''
  }
}

@description('The bot\'s address.')
output appUrl string = 'https://${site.properties.defaultHostName}'

@description('Callback URL of the WhatsApp Cloud API webhook (Meta app dashboard).')
output whatsappWebhookUrl string = 'https://${site.properties.defaultHostName}/webhooks/whatsapp'

@description('Callback URL of the Messenger and Instagram webhook.')
output messengerWebhookUrl string = 'https://${site.properties.defaultHostName}/webhooks/messenger'

@description('The web app\'s managed identity (give it Key Vault Secrets User on a vault its settings reference).')
output principalId string = site.identity.principalId

@description('The storage account holding the bot\'s containers.')
output storageAccountName string = storage.name
