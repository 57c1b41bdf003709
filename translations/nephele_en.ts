<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>main</name>
    <message>
        <source>Native console for multicloud infrastructure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open on simulated DigitalOcean accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed of the simulated fleets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nephele — demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::app::Demo</name>
    <message>
        <source>Production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Research lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The simulated cloud %1 did not start: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::drivers::Error</name>
    <message>
        <source>Check the endpoint address and your network connection, then retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider did not answer in time. Retry; if it persists, check the provider&apos;s status page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted. If this endpoint uses a private CA, add its certificate to the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain http is only used for loopback addresses or when the account explicitly allows it. Use https, or allow plain http in the account settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token was refused. Create a new token with the provider and update the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is valid but lacks permission for this. Give it write scope or use another token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resource no longer exists; refresh the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resource is busy or in a state that does not allow this; wait for its current action to finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider rejected the request as given; check the values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s rate limit was reached. Nephele slows down on its own; retry in a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider had an internal error. The last good state stays on screen; retry later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s answer did not have the documented shape. The last good state stays on screen; retry, and report it if it persists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This provider does not support that action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the account settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request id: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::drivers::HttpClient</name>
    <message>
        <source>The request was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint address &quot;%1&quot; is not a valid URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refusing to send the token over plain http to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsupported URL scheme &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network service is gone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s rate limit is used up until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s TLS certificate was not accepted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer within %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection dropped in the middle of the answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider answered HTTP %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry after %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::drivers::Job</name>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::drivers::digitalocean::DigitalOceanDriver</name>
    <message>
        <source>list droplets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list volumes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list sizes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list SSH keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list VPCs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected as %1 (account %2, droplet limit %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 droplet %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create droplet %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>create %n droplets</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Provisioning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>follow action %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DigitalOcean reports that action %1 (%2) failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create volume %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attach volume %1 to droplet %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>detach volume %1 from droplet %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete volume %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::Account</name>
    <message>
        <source>Cannot read the CA certificate %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 holds no PEM certificate.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::AccountSession</name>
    <message>
        <source>This build of Nephele does not know the provider &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown provider &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The listing was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled: not polled; the machines shown are the last ones listed. Enable the account to list it again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::AccountStore</name>
    <message>
        <source>Cannot read the account settings %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not valid JSON (%1 at byte %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it does not hold a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account settings %1 were written by a newer Nephele (schema %2). They are left untouched and cannot be changed from this version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it lacks a schema version or an accounts list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an account entry lacks its id or provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account settings could not be read because %1. The file was kept as %2; Nephele starts with no accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account settings %1 could not be read because %2, and could not be moved aside. They are left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account with this id already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account settings are read-only: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the settings folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a valid account list: %2 at line %3, column %4 (byte offset %5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Nephele account list: it does not hold a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Nephele account list (format &quot;%2&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was written by a newer Nephele (schema %2); this version reads schema %3 at most.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Nephele account list: it lacks a schema version or an accounts list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a valid account list: entry %2 lacks its id or provider.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::Importers</name>
    <message>
        <source>Section header without “]”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected “key = value” or “[section]”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A value without a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is outside any [section]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile names sso-session “%1”, which is not defined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aws_access_key_id is set without aws_secret_access_key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aws_secret_access_key is set without aws_access_key_id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aws_session_token is set: these are temporary credentials and will expire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile has no credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verify is false: the server&apos;s certificate is not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cloud has no auth_url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cloud has no auth_url; it comes from the vendor profile “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application credential has no secret (it may be in secure.yaml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cloud has a username but no password (it may be in secure.yaml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a clouds.yaml file: expected a “clouds” mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud “%1” should be a mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read clouds.yaml: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a doctl config file: expected a mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“auth-contexts” should be a mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the doctl config: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multi-line strings are not supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bad \u escape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown escape sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unterminated string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected “]”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a TOML value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Malformed table header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected “key = value” or “[table]”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected “=” after the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected text after the value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The context has no token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unterminated quoted string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tab in the indentation: YAML indents with spaces only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid YAML: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” should be a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An entry in “%1” has no name; it was skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” in “%2” should be a mapping; it was skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a kubeconfig file: expected a mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a kubeconfig file: kind is “%1”, not “Config”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cluster has no server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insecure-skip-tls-verify is set: the server&apos;s certificate is not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The exec plugin has no apiVersion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The exec plugin uses %1, which Kubernetes 1.24 removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The exec plugin has no command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 auth provider was removed in Kubernetes 1.26; use its exec plugin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client certificate has no key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client key has no certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Basic authentication (username and password) is no longer supported by Kubernetes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the kubeconfig: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The context names cluster “%1”, which is not defined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The context names user “%1”, which is not defined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context “%1” is also defined in %2; the first definition wins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read context “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unterminated quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” needs a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port “%1” is not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>StrictHostKeyChecking is off: host keys are not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include %1 was not followed; options it sets are not shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::InventoryTreeModel</name>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rebooting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>OK · %1 of %n machine(s)</source>
        <translation>
            <numerusform>OK · %1 of %n machine</numerusform>
            <numerusform>OK · %1 of %n machines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>OK · %n machine(s)</source>
        <translation>
            <numerusform>OK · %n machine</numerusform>
            <numerusform>OK · %n machines</numerusform>
        </translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last refreshed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n machine(s)</source>
        <translation>
            <numerusform>%n machine</numerusform>
            <numerusform>%n machines</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::SecretStore</name>
    <message>
        <source>Access to the keychain was refused. Unlock the keychain and retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain denied access (%1). It may be locked: unlock it and retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is available (%1). Install and start a Secret Service provider such as GNOME Keyring or KWallet, then retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain is not supported on this platform.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain entry could not be deleted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain reported an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain holds no token for this account (%1), or it is locked and was not unlocked. Unlock the keychain and retry; if the token is really missing, edit the account and enter it again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::AddAccountDialog</name>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow plain &amp;HTTP to this endpoint (not recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: PEM file of a private certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;oken:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is kept in your system keychain, never in a settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the account a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint must be an http or https address, e.g. https://api.digitalocean.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint uses plain http, which would send the token unencrypted. Use https, or tick &quot;Allow plain HTTP&quot; if you really mean it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the account&apos;s token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit account %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token is stored: enter it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain holds no token for this account. Enter it to use the account again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to keep the stored token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the token empty to keep the one in your keychain. Changing the endpoint, the CA certificate or the token reconnects the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the token to test the connection; the stored one is not read for a test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a token with read and write scope in &lt;a href=&quot;%1&quot;&gt;%2&apos;s control panel&lt;/a&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::CostDashboard</name>
    <message numerus="yes">
        <source>%1: %2 a month (%3 an hour), %n machine(s)</source>
        <translation>
            <numerusform>%1: %2 a month (%3 an hour), %n machine</numerusform>
            <numerusform>%1: %2 a month (%3 an hour), %n machines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 an hour · %n priced machine(s)</source>
        <translation>
            <numerusform>%1 an hour · %n priced machine</numerusform>
            <numerusform>%1 an hour · %n priced machines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n team quota(s)</source>
        <translation>
            <numerusform>%n team quota</numerusform>
            <numerusform>%n team quotas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n machine(s) without a price</source>
        <translation>
            <numerusform>⚠ %n machine without a price</numerusform>
            <numerusform>⚠ %n machines without a price</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>nephele::views::DetailsPane</name>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a machine or an account to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last known state, the account&apos;s last refresh failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An action is in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placement and size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 vCPU · %2 GB memory · %3 GB disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public IPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private IPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VPC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hourly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The machines shown are the last known state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machines shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::MainWindow</name>
    <message>
        <source>Nephele</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the selected machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power off the selected machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reboot the selected machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destroy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destroy the selected machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the selected accounts again (all accounts when none is selected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a cloud account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search: name, IP, tag, state:running, region:nyc3…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words match a name, id, IP or tag. Restrict with state:, region:, size:, tag:, account:. Prefix with - to exclude. All terms must match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>…and %n more</source>
        <translation>
            <numerusform>…and %n more</numerusform>
            <numerusform>…and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>Destroy %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Destroy %n machine(s)?</source>
        <translation>
            <numerusform>Destroy %n machine?</numerusform>
            <numerusform>Destroy %n machines?</numerusform>
        </translation>
    </message>
    <message>
        <source>This permanently destroys:
• %1

Their disks and data are deleted. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destroy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested %1 of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Requested %1 of %n machine(s).</source>
        <translation>
            <numerusform>Requested %1 of %n machine.</numerusform>
            <numerusform>Requested %1 of %n machines.</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n action(s) running</source>
        <translation>
            <numerusform>%n action running</numerusform>
            <numerusform>%n actions running</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shown %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 added for this session only (demo mode keeps nothing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the token of %1 in the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 was not added: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n account(s)</source>
        <translation>
            <numerusform>%n account</numerusform>
            <numerusform>%n accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n machine(s)</source>
        <translation>
            <numerusform>%n machine</numerusform>
            <numerusform>%n machines</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the selected account&apos;s name, endpoint, certificate or token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename the selected account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop or resume listing the selected account; its machines stay shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected account, its settings and its token from Nephele</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export account list…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the accounts&apos; settings, without any token, to a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import account list…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the accounts of an exported list; each then needs its token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget all secrets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove every account&apos;s token from the keychain, keeping the accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo accounts exist only while the demo runs: they cannot be edited, disabled or removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is not in the account settings, so it cannot be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo keeps no account settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token: edit the account to enter it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain for the token of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Nephele never writes a token to a file. It can keep the token of %2 in memory for this session only: the account works until Nephele quits, and on the next start it asks for its token again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the token for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 added; its token is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The changes to %1 were not saved: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account was not renamed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account renamed to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 was not changed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 enabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 disabled: it is not listed until enabled again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the account %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This removes the account %1 from Nephele: its settings, its token in the keychain and its machines in this window. The machines themselves are not touched at the provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 was not removed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 was removed, but its token could not be removed from the keychain: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget all secrets?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This removes the token of every account (%n account(s)) from the keychain and from this session. The accounts stay; each one needs its token again, entered through Edit account.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Forget all secrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secrets were not forgotten: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some tokens could not be removed from the keychain:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Forgot the tokens of %n account(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Export account list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account lists (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account list was not exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n account(s) to %1, without their tokens.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Import account list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account lists (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account list was not imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported %n account(s); enter each one&apos;s token through Edit account.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n account(s) already present: %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
