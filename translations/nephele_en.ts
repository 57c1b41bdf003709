<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message>
        <source>Choose the account to create the machine in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog shown is not the chosen account&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) cannot create machines from Nephele</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location %1 is not offered by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) does not take new machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image %1 is not offered by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image %1 is not available in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not make sizes to measure; choose one of its sizes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size %1 is not offered by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size %1 is not available now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size %1 is not offered in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image %1 needs a disk of at least %2 GB; size %3 has %4 GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the machine a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a valid host name: use letters, digits and &apos;-&apos; (not first or last), with &apos;.&apos; between parts, 63 characters a part at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already has a machine named %2; the new one is made as well</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make between 1 and %1 machines at a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH key %1 is not a key of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No SSH key: the provider may email a password instead, or the machine may be unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network %1 is not a network of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network %1 is in %2, not in %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume %1 is not a volume of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume %1 is in %2, not in %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume %1 is attached to another machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A volume attaches to one machine: make one machine, or attach no existing volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no volumes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new volume has between 1 and %1 GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no monitoring agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not take cloud-init user data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud-init user data is %1 KiB; the limit is %2 KiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user data starts with neither #cloud-config nor #!: cloud-init may ignore it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tag needs a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tag %1 is written by Nephele from the owner and expiration fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tag %1 may only hold letters, digits, &apos;:&apos;, &apos;-&apos; and &apos;_&apos; (255 at most)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A policy is in force but Nephele does not know who you are in it: set your email in Governance ▸ Policy settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiration date is not in the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose what happens at expiration: destroy or stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at expiration is not something Nephele can do; choose destroy or stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no tags to keep the lease on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tag %1 set by the policy cannot be written: tags may only hold letters, digits, &apos;:&apos;, &apos;-&apos; and &apos;_&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unknown amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run rate %1 + %2 for team %3; no quota applies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run rate %1 + %2 on %3; no quota applies</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cannot write the recording to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <message>
        <source>Open with this search in the search box.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open on this tab: inventory or cost.</source>
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
    <message>
        <source>Kubernetes production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kubernetes dev</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No temporary folder for the demo&apos;s SSH key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The simulated cluster %1 did not start: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::drivers::Driver</name>
    <message>
        <source>This provider does not report usage.</source>
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
        <translation>
            <numerusform>create %n droplet</numerusform>
            <numerusform>create %n droplets</numerusform>
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
    <name>nephele::drivers::kubernetes::KubernetesDriver</name>
    <message>
        <source>Kubernetes clusters do not support this yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list pods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check the cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not answer /version like a Kubernetes API server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kubernetes %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete pod %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a pod (namespace/name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uncordon node %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cordon node %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attach volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>detach volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read usage from metrics-server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::drivers::kubernetes::PodExecSession</name>
    <message>
        <source>exec in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No command to run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a pod (namespace/name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refusing to send the token over plain http to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not agree to the %1 protocol; it may be too old.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session ended without an exit status.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::drivers::kubernetes::PodLogStream</name>
    <message>
        <source>logs of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a pod (namespace/name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refusing to send the token over plain http to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network service is gone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models</name>
    <message>
        <source>The API answered with HTTP status %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list locations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint answered, but not as the Hetzner Cloud API does (no list of locations). Check the endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: the token is accepted and sees %n location(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has no host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not answer as an SSH server within %2 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 closed the connection without an SSH greeting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reached the SSH server at %1 (%2). Signing in is checked when a shell opens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered, but not as an SSH server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build cannot test a %1 connection.</source>
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
        <source>Size</source>
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
    <message>
        <source>Unscheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mixed currencies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hypervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bare metal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1y</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Disabled · %n machine(s) from the last listing</source>
        <translation>
            <numerusform>Disabled · %n machine from the last listing</numerusform>
            <numerusform>Disabled · %n machines from the last listing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cached · %n machine(s)</source>
        <translation>
            <numerusform>Cached · %n machine</numerusform>
            <numerusform>Cached · %n machines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Syncing… · %n cached machine(s)</source>
        <translation>
            <numerusform>Syncing… · %n cached machine</numerusform>
            <numerusform>Syncing… · %n cached machines</numerusform>
        </translation>
    </message>
    <message>
        <source>Shown from the last session&apos;s cache until the first listing lands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next refresh %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>private: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No price known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 a month, %2 an hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not billed in this state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No usage reported (the cluster has no metrics-server, or the resource does not run).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cores in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2% of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::MachineAccessStore</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid JSON (%2); SSH logins were not loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A machine needs its account and its id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account default needs the account&apos;s id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::Policy</name>
    <message>
        <source>line %1, column %2: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 MB RAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GB disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any custom size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on cloud %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tagged %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 CPU core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 CPU cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 MB of RAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GB of disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GB of swap disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is below the policy&apos;s minimum of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is above the policy&apos;s maximum of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is within the policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your team&apos;s %1 quota</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the organisation&apos;s %1 quota</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The monthly cost of this machine is not known, so %1 cannot be checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prices are in %1 and %2 is in USD; Nephele does not convert currencies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run rate %1 is within %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run rate %1 would exceed %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total run rate %1 is within %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total run rate %1 would exceed %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine must have an expiration date, at most %1 from now (by %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No expiration date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiration date %1 is not in the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiration date %1 is later than the policy allows: at most %2 from now (by %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is done at expiration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose what happens at expiration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at expiration is not allowed; the policy allows %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At expiration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (the policy proposes %1 before)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A notice before expiration is required%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No notice before expiration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A notice %1 before expiration would fall in the past</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notice %1 before expiration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size %1 is not allowed by the policy (it matches %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size %1 is allowed (it matches %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size %1 is not among the sizes the policy allows here: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size %1 is allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This custom size is not allowed by the policy (it matches %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This custom size is not among the sizes the policy allows here: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This custom size is allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is fixed by the policy to %2; %3 is not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is set by the policy to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is hidden by the policy and cannot be set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is hidden by the policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 defaults to %2 by the policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tag %1 is reserved by the policy and cannot be set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tag %1 is set by the policy to %2 and cannot be changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security tags %1 are set by the policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an empty text is not a duration; write a number and a unit, e.g. &quot;30d&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a duration: it must start with a whole number, e.g. &quot;30d&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too long a duration: at most %2 of a unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a duration: the unit must be m (minutes), h (hours), d (days), w (weeks), mo (months) or y (years), e.g. &quot;30d&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed by rule %1 of team %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied by rule %1 of team %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed by team %1: no rule covers %2, and the team allows by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied by team %1: no rule allows %2, and the team denies by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: no policy is in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied: %1 is not a member of any team of the policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: %1 is in the %2 team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the number %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the string %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>something else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array of teams, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a policy is an object with &quot;teams&quot; (an array), or an array of teams; this object has no &quot;teams&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a policy is an object with &quot;teams&quot; (an array), or an array of teams; found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a team (an object), found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another team is also named %1; each is evaluated on its own, and the team&apos;s cost quota is read from the first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown key %1 in %2 is ignored (known: %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a string, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number written as a string; write %1 without quotes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number of 0 or more, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected true or false, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a duration such as &quot;30d&quot;, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &quot;ALLOW&quot; or &quot;DENY&quot;, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a team needs a &quot;name&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a team&apos;s name cannot be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a member object needs an &quot;email&quot; or an &quot;id&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a member&apos;s email or id, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a team policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a rule (an object), found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a rule needs an &quot;operator&quot;: &quot;ALLOW&quot; or &quot;DENY&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown action %1: this rule only matches a request for exactly that action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown resource type %1: this rule only matches requests on exactly that type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a tag value must be a string (or null for any value), found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected the tags as an object such as {&quot;env&quot;: &quot;dev&quot;}, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a rule with an &quot;rid&quot; needs an &quot;rtype&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a rule names either one resource (&quot;rid&quot;) or tags (&quot;rtags&quot;), not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>constraints apply only to ALLOW rules on machines with the action all (&quot;&quot;), create, edit or resize; they are ignored here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>constraints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a cost constraint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an expiration constraint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the default %1 is longer than the maximum %2; the maximum is proposed instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expiration actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an expiration action Nephele can take (destroy, stop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the default action %1 is not among the available ones (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expiration notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a size bound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the minimum %1 is greater than the maximum %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a size constraint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;swap&quot; and &quot;swap_disk&quot; name the same swap disk bound but differ; keep one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an empty size name would match every size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a size name, {&quot;cloud&quot;, &quot;size&quot;} or {&quot;cloud&quot;, &quot;size&quot;: {&quot;cpu&quot;, &quot;ram&quot;, &quot;disk_primary&quot;}}, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a size entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a size entry needs a &quot;size&quot;: a name or {&quot;cpu&quot;, &quot;ram&quot;, &quot;disk_primary&quot;}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a custom size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a size name or {&quot;cpu&quot;, &quot;ram&quot;, &quot;disk_primary&quot;}, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a field constraint {&quot;cloud&quot;, &quot;name&quot;, &quot;value&quot;, &quot;show&quot;}, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field constraint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field constraint needs the &quot;name&quot; of the field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the document is nested more than %1 levels deep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the policy file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the policy file %1 is larger than %2 MB; is it the right file?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::SearchParser</name>
    <message>
        <source>A closing parenthesis has no opening one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A quote is not closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OR needs a term after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a term before it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AND needs a term after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT needs a term after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parentheses are empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A parenthesis is not closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A term is missing here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expects a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; needs a value after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2, not &quot;%3&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a number: compare it with &apos;:&apos;, &apos;=&apos; or &apos;!=&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown field &quot;%1&quot;. Fields: name, id, state, account, provider, region, size, image, kind, ip, owner, tag, namespace, cpu, ram, disk, cost, age.</source>
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
    <name>nephele::models::SshKeyStore</name>
    <message>
        <source>not valid JSON: %1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no list of keys in it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>written by a newer Nephele</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SSH key list %1 could not be read (%2). It is left as it is and no key can be added or removed until it is fixed or moved away; the keys themselves stay in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is open (the demo keeps nothing), so no SSH key can be kept or read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the key a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name cannot hold control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key named “%1” exists already. Choose another name, or remove that key first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key named “%1” is being added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large to be a private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key is already kept as “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain already holds a key named “%1” that this list does not show. Choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no key named “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key “%1” is being changed already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key “%1” was deleted from the keychain, but the list could not be updated: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain holds no SSH key named “%1”, or it is locked and was not unlocked. Unlock the keychain and reconnect; if the key is gone, add it again in Account ▸ SSH keys… and choose it for this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::audit</name>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::cost</name>
    <message>
        <source>No price known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom price tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider&apos;s price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account rates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; must be a number of at least 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: needs &quot;hourly&quot; or &quot;monthly&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::cost::CostModel</name>
    <message>
        <source>(no location)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::cost::CostResolver</name>
    <message>
        <source>Hourly derived from the monthly price over this month&apos;s %1 hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly derived from the hourly price over this month&apos;s %1 hours (%2 days).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>account %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>location %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catalog price of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catalog price of %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag %1=&quot;%2&quot; is not a price (a number of at least 0): ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 tag is not used: the catalog comes first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s price is not a valid amount: ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s price (%2 a month) is not used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lists it, monthly and hourly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lists its monthly price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lists its hourly price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account rate for flavor %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account rates: %1 vCPU, %2 GB RAM, %3 GB disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No price: no catalog line, price tag, provider price or account rate applies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Billed while stopped: %1 charges for stopped machines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not billed: the machine is terminated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not billed while stopped: %1 does not charge for a stopped machine&apos;s compute.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::cost::CostSettings</name>
    <message>
        <source>Cannot read the cost settings %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cost settings %1 are not valid: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the document must be a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;catalog&quot; must be an array.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: must be an object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: needs a &quot;size&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;accounts&quot; must be an object keyed by account id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &quot;period&quot; is &quot;hour&quot; or &quot;month&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.units: must be an object.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::provisioning::CurrentPolicy</name>
    <message>
        <source>The policy file %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy file %1 is larger than %2 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a valid URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A policy is fetched over https only; %1 is plain http</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No network access to fetch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>larger than %1 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy could not be fetched from %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No policy: everything is allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy %1 has no team: everything is allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Policy %1 (%n team(s))</source>
        <translation>
            <numerusform>Policy %1 (%n team)</numerusform>
            <numerusform>Policy %1 (%n teams)</numerusform>
        </translation>
    </message>
    <message>
        <source>— %1 was refused (%n problem(s)); the policy above stays in force</source>
        <translation type="unfinished">— %1 was refused (%n problem); the policy above stays in force</translation>
    </message>
</context>
<context>
    <name>nephele::models::provisioning::GovernedActions</name>
    <message>
        <source>Done: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed without a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: no policy is in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied: a policy is in force and Nephele does not know who you are in it. Set your email in Governance ▸ Policy settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account did not start the action (disabled, or no driver)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account is not open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::provisioning::LeaseWatcher</name>
    <message>
        <source>The lease of %1 ended at %2 (tag %3); its action is %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::provisioning::Provision</name>
    <message>
        <source>Allowed: no policy is in force</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::models::provisioning::Provisioner</name>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account %1 is not open or is disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made with machine %1 by Nephele</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account was closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created (id %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The driver did not start the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::ssh::SshError</name>
    <message>
        <source>Check the host name, or use the machine&apos;s IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the SSH server runs on that host and port, and that no firewall rejects the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the address and your network route to the host (VPN, bastion).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host did not answer in time. It may be down, or a firewall may drop the packets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The jump host could not be reached or refused to forward the connection. Check the ProxyJump or ProxyCommand line of your ssh config.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server and Nephele could not agree on the SSH protocol. Check the server&apos;s logs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not log in until you know why the key changed. If the host was reinstalled or its key was replaced on purpose, remove the old line from the known_hosts file and connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect again and accept the key if its fingerprint is right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the known_hosts file and its folder can be read and written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the user name and that the server lists your public key, or log in with a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the user name and the password, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the key file and its passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect. If it keeps dropping, check the network and the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the shell or command. Check its limits (MaxSessions) and the user&apos;s shell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the connection settings and your ssh config file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::ssh::SshExecRunner</name>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection ended before the command finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still running after %1 s; stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::ssh::SshKeys</name>
    <message>
        <source>This is not a private key: no OpenSSH or PEM private key block was found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OpenSSH private key is damaged: its public part cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private key could not be read: it is damaged or of a type libssh does not support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The public part of the private key could not be derived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libssh could not generate an ed25519 key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libssh could not export the new key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libssh could not export the new key&apos;s public part.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::ssh::detail::SshWorker</name>
    <message>
        <source>Disconnected while connecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not answer within %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: connect the session first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No host to connect to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libssh could not create a session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ssh config file %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ssh config could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection options were refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot find the host &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 port %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from %1 within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection refused by %1: no SSH server is listening there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect through the jump host (ProxyJump / ProxyCommand &quot;%1&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SSH handshake failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent no host key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s host key could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WARNING: the host key of %1 has changed. %2 line %3 lists its %4 key %5, but the server now presents the %6 key %7. Someone could be intercepting the connection (a man-in-the-middle attack), or the host key was replaced. The connection was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WARNING: the host key of %1 has changed: the server now presents the %2 key %3, which differs from the key listed for it in %4. Someone could be intercepting the connection (a man-in-the-middle attack), or the host key was replaced. The connection was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The known hosts file %1 could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host key of %1 (%2 %3) is not in %4, and unknown keys are refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host key of %1 (%2 %3) was not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host key could not be added to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging in failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key in memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public keys (agent and key files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keyboard-interactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission denied: the server accepted none of the ways Nephele tried to log in (%1). The server offers: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing Nephele could use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong passphrase for the key %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key given in memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read (damaged or of an unsupported type).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not accept the answer. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission denied: the server did not accept the answers (a wrong password?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong password. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission denied: wrong password for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libssh could not watch the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection was lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not open the channel in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libssh could not create a channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused to open a session channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused a terminal (pty).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused to start a shell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused to run the command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending to the channel failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading from the channel failed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::AddAccountDialog</name>
    <message>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;oken:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the account a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint uses plain http, which would send the token unencrypted. Use https, or tick &quot;Allow plain HTTP&quot; if you really mean it.</source>
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
        <source>The keychain holds no token for this account. Enter it to use the account again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the token empty to keep the one in your keychain. Changing the endpoint, the CA certificate or the token reconnects the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a token with read and write scope in &lt;a href=&quot;%1&quot;&gt;%2&apos;s control panel&lt;/a&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint must be an http or https address, e.g. %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import from files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API t&amp;oken:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the &lt;a href=&quot;%1&quot;&gt;Hetzner Cloud Console&lt;/a&gt;, open your project, then Security → API tokens, and generate a token with Read &amp;amp; Write permission.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not listed by this build yet: the account is saved and waits for its driver.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the accounts your tools already know (kubeconfig, AWS, clouds.yaml, doctl, hcloud, SSH) and add the ones you pick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the server and show its SSH greeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run one real request with these settings and show its answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build of Nephele has no %1 driver yet, so it cannot test the connection. You can still add the account: it is listed once a driver lands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build has no %1 driver yet, so it cannot test the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the token to test the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the stored token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored token could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the context…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Press %2 again to save the account as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 could not be read: line %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::AuditView</name>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search machine, detail, request, who…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) shown</source>
        <translation>
            <numerusform>%n entry shown</numerusform>
            <numerusform>%n entries shown</numerusform>
        </translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the audit log as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the audit log as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) exported to %1</source>
        <translation>
            <numerusform>%n entry exported to %1</numerusform>
            <numerusform>%n entries exported to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>nephele::views::AwsPage</name>
    <message>
        <source>Secret access key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Access key ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Secret access key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an access key in the IAM console: Users → your user → Security credentials → Create access key. &lt;a href=&quot;%1&quot;&gt;Open the IAM console&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave both empty to keep the stored key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a region such as eu-west-1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the access key ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the secret access key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access key is kept in your system keychain, never in a settings file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::ConnectAsDialog</name>
    <message>
        <source>Connect to %1 as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent and default keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (keychain, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (keychain, not in the key list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of a private key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For every machine of this account without its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For every machine of %1 without its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as the account&apos;s default login; machines with their own login keep it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember:</source>
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
    <message>
        <source>Run rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quota headroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amounts in different currencies are never added up: one currency at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run rates as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run-rate history as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run rate by account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a slice to show its machines in the tree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run rate by team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to show them in the tree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a bar to show those machines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>12 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run rate over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated from creation dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forecast to month end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quota</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2: %3 a month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to zoom in, right-click to zoom out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most expensive machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2): %3 a month, %4 an hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to show it in the tree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a bar to show the machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forecast for %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month to date: the machines there now, each since the 1st (UTC) or its creation.
Forecast: the same plus their current rates until the month&apos;s end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No quota</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No policy is in force: choose one in Governance ▸ Policy settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of %1 a month for the organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machines priced in other currencies are not counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over their quota: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every team is within its quota (US dollars).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No catalog line, price tag, provider price or account rate applies to them. Set rates per account in the cost settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 a month (%3%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to show its machines in the tree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other  %1 (%2%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quota %1 a month: %2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quota %1 a month: %2 over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run rate by location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run rate by tag: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the cost dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dashboard was not saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the run rates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the run-rate history</source>
        <translation type="unfinished"></translation>
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
    <message>
        <source>last known state, from the cache; refreshing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not billed; list price %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is disabled: Nephele does not list it and runs no action on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The %n machine(s) shown are from its last listing.</source>
        <translation>
            <numerusform>The %n machine shown is from its last listing.</numerusform>
            <numerusform>The %n machines shown are from its last listing.</numerusform>
        </translation>
    </message>
    <message>
        <source>To list it again, select it and choose Account ▸ Enable account, or right-click it and choose Enable account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build of Nephele cannot list %1 accounts yet: it has no driver for them. The account and its secrets are kept, and it is listed once a driver lands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No price known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (created %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not scheduled on a node yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pod IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cordoned: no new pods are placed here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedulable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kubelet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OS image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal IPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External IPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity and usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n vCPU</source>
        <translation>
            <numerusform>%n vCPU</numerusform>
            <numerusform>%n vCPUs</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 GiB memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n vCPU (%2%)</source>
        <translation>
            <numerusform>%1 of %n vCPU (%2%)</numerusform>
            <numerusform>%1 of %n vCPUs (%2%)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 GiB (%3%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 containers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::HostKeyDialog</name>
    <message>
        <source>Unknown host key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The authenticity of &lt;b&gt;%1&lt;/b&gt; cannot be established: no known_hosts file lists its key.&lt;/p&gt;&lt;p&gt;%2 key fingerprint:&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare it with the fingerprint the server&apos;s administrator gives you. &quot;Accept and remember&quot; adds it to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept and remember</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::ImportAccountsDialog</name>
    <message>
        <source>token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>secret access key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>application credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one-time code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exec plugin environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OIDC tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access key ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: ssh-agent or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: key file %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: runs %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: token file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: certificate files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: AWS SSO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: credential process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: assumes a role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>profile %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>namespace %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Look again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nephele looked for the accounts your tools already know: kubeconfig ($KUBECONFIG or ~/.kube/config), the AWS CLI&apos;s files, OpenStack&apos;s clouds.yaml, doctl, hcloud and ~/.ssh/config. Pick the ones to add: their secrets go to your system keychain, never to a settings file.</source>
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
        <source>Endpoint or region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for accounts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing secret to keep: Nephele stores none for this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in your system keychain, never in a settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already added as “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account of the same provider and name (or address) exists: %1. Importing it again adds a second one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be listed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build of Nephele has no %1 driver yet. The account is saved, its secrets in your keychain, shows as not supported, and is listed once a driver lands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs a token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nephele&apos;s %1 driver signs in with a token, and this entry has none (%2). Imported, the account waits for its token: enter it through Edit account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
Parts of this file could not be read; the rest is listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build of Nephele cannot list %1 accounts yet. They can be imported all the same: each is saved, its secrets in your keychain, shows as “not supported” in the tree, and is listed once a driver for it lands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No accounts were found in the usual places.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Found %n account(s)</source>
        <translation>
            <numerusform>Found %n account</numerusform>
            <numerusform>Found %n accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) in the files, listed with their line</source>
        <translation>
            <numerusform>%n problem in the files, listed with their line</numerusform>
            <numerusform>%n problems in the files, listed with their line</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Import %n account(s)</source>
        <translation>
            <numerusform>&amp;Import %n account</numerusform>
            <numerusform>&amp;Import %n accounts</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Saving %n account(s)…</source>
        <translation>
            <numerusform>Saving %n account…</numerusform>
            <numerusform>Saving %n accounts…</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving the secret in the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added as “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added as “%1”; enter its token through Edit account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting: no keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain for the imported secrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1

Nephele never writes a secret to a file. It can keep the secrets of the %n account(s) still to import in memory for this session only: they work until Nephele quits, and on the next start each one asks for its secret again.</source>
        <translation>
            <numerusform>%1

Nephele never writes a secret to a file. It can keep the secrets of the %n account still to import in memory for this session only: they work until Nephele quits, and on the next start each one asks for its secret again.</numerusform>
            <numerusform>%1

Nephele never writes a secret to a file. It can keep the secrets of the %n accounts still to import in memory for this session only: they work until Nephele quits, and on the next start each one asks for its secret again.</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep the secrets for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not added: no keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added as “%1” for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) added.</source>
        <translation>
            <numerusform>%n account added.</numerusform>
            <numerusform>%n accounts added.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be added: their rows say why.</source>
        <translation>
            <numerusform>%n could not be added: its row says why.</numerusform>
            <numerusform>%n could not be added: their rows say why.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>nephele::views::KubernetesPage</name>
    <message>
        <source>&amp;Kubeconfig:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kubeconfig file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ontext:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nephele uses the chosen context&apos;s cluster and credentials (&lt;code&gt;kubectl config get-contexts&lt;/code&gt; lists them). For an account of its own, create a service-account token with &lt;code&gt;kubectl create token NAME&lt;/code&gt;. &lt;a href=&quot;%1&quot;&gt;About kubeconfig files&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token is stored: enter it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to keep the stored token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the cluster&apos;s token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kubeconfig file is still being read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a context of the kubeconfig file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The context %1 names no cluster server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The context&apos;s credentials (token, client key, password) are kept in your system keychain, never in a settings file. Credentials in other files stay in those files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no kubeconfig file at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 names no context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No context chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A service-account token; empty: the context&apos;s own credentials</source>
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
        <translation>
            <numerusform>This removes the token of every account (%n account) from the keychain and from this session. The accounts stay; each one needs its token again, entered through Edit account.</numerusform>
            <numerusform>This removes the token of every account (%n accounts) from the keychain and from this session. The accounts stay; each one needs its token again, entered through Edit account.</numerusform>
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
        <translation>
            <numerusform>Forgot the tokens of %n account.</numerusform>
            <numerusform>Forgot the tokens of %n accounts.</numerusform>
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
        <translation>
            <numerusform>Exported %n account to %1, without their tokens.</numerusform>
            <numerusform>Exported %n accounts to %1, without their tokens.</numerusform>
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
        <translation>
            <numerusform>Imported %n account; enter each one&apos;s token through Edit account.</numerusform>
            <numerusform>Imported %n accounts; enter each one&apos;s token through Edit account.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n account(s) already present: %1</source>
        <translation>
            <numerusform>Skipped %n account already present: %1</numerusform>
            <numerusform>Skipped %n accounts already present: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Open shell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import accounts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the accounts your tools already know (kubeconfig, AWS, clouds.yaml, doctl, hcloud, SSH) and add the ones you pick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Governance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the tree groups what it shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts › locations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts › hierarchy (clusters, hypervisors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words match a name, id, IP or tag; &quot;quotes&quot; match a name or id exactly.
Fields: state:running, account:prod (or cloud:), region:nyc3, size:, image:, kind:pod, ip:, owner:, tag:env or tag:env=dev.
Numbers: cpu&gt;2, ram&gt;=4GB, disk&lt;100, cost&gt;20, age&gt;7d.
Combine with AND (the default), OR, NOT or -, and parentheses; != excludes a value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search: %1 (at character %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group by tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag key (for example env, team or app):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported %n account(s).</source>
        <translation>
            <numerusform>Imported %n account.</numerusform>
            <numerusform>Imported %n accounts.</numerusform>
        </translation>
    </message>
    <message>
        <source>Create machine…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create machines in the selected account, within the organisation&apos;s policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the policy is read from, and who you are in it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit policy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the policy&apos;s JSON, with its errors by line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every action and creation: who, what, when, the outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy from %1 was not put in force; the previous one stays. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease ending: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2 expires %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2 expires %3; then Nephele will %4 it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lease of %1 on %2 has ended: Nephele asked to %3 it (recorded in the audit log).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creation finished in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy settings are used for this session only: this console keeps no settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy does not allow %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed by the policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 was not sent for %n machine(s); nothing was changed:</source>
        <translation>
            <numerusform>%1 was not sent for %n machine; nothing was changed:</numerusform>
            <numerusform>%1 was not sent for %n machines; nothing was changed:</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a shell on the selected machine: SSH, or in the container of a pod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the log of the selected pod or container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SSH private keys kept in the keychain: add, generate, copy the public key, remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is open (the demo keeps nothing): SSH keys cannot be kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::OpenStackPage</name>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clouds.yaml</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YAML files (*.yaml *.yml);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application credential secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cloud of a clouds.yaml file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An auth URL and an application credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Credentials:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clouds.&amp;yaml:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;loud:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Auth URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application credential &amp;ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application credential &amp;secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an application credential in the dashboard under Identity → Application Credentials, or with &lt;code&gt;openstack application credential create NAME&lt;/code&gt;; the dashboard also offers its clouds.yaml. &lt;a href=&quot;%1&quot;&gt;About application credentials&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to keep the stored secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clouds.yaml file is still being read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a cloud of the clouds.yaml file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the application credential&apos;s ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the application credential&apos;s secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password or application credential secret is kept in your system keychain, never in a settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no clouds.yaml file at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 names no cloud.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::PodExecTab</name>
    <message>
        <source>Reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the shell in the container again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pod %1 in namespace %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>container %1 of pod %2 in namespace %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting a shell in %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shell ended (exit status %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shell ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shell in %1 is still running. Close it and end it?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::PodLogPane</name>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n line</numerusform>
            <numerusform>%n lines</numerusform>
        </translation>
    </message>
    <message>
        <source>Container:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The container of the pod whose log is shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the log open and show new lines as the container writes them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load only the last lines of the log (the lowest value loads all of it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log of the container&apos;s previous instance, the one that ended or crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold the view still; the cluster keeps the lines until you resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the view; new lines still come</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the previous match (Shift+F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the next match (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the lines on show to a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap long lines at the pane&apos;s width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pane keeps the last %L1 lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the log again with the same settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log ended: the container stopped, or its pod was deleted or replaced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the log to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, the last %L2 kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused, %1 waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>following</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs: %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log of pod %1 in namespace %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log of container %1 of pod %2 in namespace %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timestamps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Begin each line with the time the container wrote it (from the cluster)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::PolicyEditor</name>
    <message>
        <source>Policy editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{&quot;teams&quot;: [ … ]} — Mist&apos;s policy format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Problems (Enter jumps to the place):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the text now (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put this policy in force in the console, without saving it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save and apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the policy file and put it in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write %1 and put it in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy comes from a URL or from no file: Apply puts it in force until the console closes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No policy file is set (Governance ▸ Policy settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: no policy, everything is allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The policy is valid: %n team(s).</source>
        <translation>
            <numerusform>The policy is valid: %n team.</numerusform>
            <numerusform>The policy is valid: %n teams.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The policy is valid: %n team(s), with warnings.</source>
        <translation>
            <numerusform>The policy is valid: %n team, with warnings.</numerusform>
            <numerusform>The policy is valid: %n teams, with warnings.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s): the policy cannot be applied until they are fixed.</source>
        <translation>
            <numerusform>%n problem: the policy cannot be applied until they are fixed.</numerusform>
            <numerusform>%n problems: the policy cannot be applied until they are fixed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Error: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1, column %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No policy is in force now: everything is allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the policy editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In force now: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::PolicySettingsDialog</name>
    <message>
        <source>Policy settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/path/to/policy.json or https://example.com/policy.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you@example.com, as the policy&apos;s teams list you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: your user id in the policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy decides what you may create and do. A file is read when the console starts and when these settings change; a URL must be https. A policy that does not parse is refused and the one in force stays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy &amp;file or URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your &amp;email:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your user &amp;id:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::ProviderPage</name>
    <message>
        <source>Listed by this build: machines, actions and Test connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not listed by this build yet. The account is saved, its secrets in your keychain, and is listed once a driver for it lands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is kept in your system keychain, never in a settings file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::ProvisionWizard</name>
    <message>
        <source>The policy hides this field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy sets this field: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the cloud account to create the machines in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 accounts cannot create machines from Nephele</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account is disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account is chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the catalog of %1 (locations, images, sizes, keys)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n location(s), %2 images, %3 sizes, %4 SSH keys.</source>
        <translation>
            <numerusform>%1: %n location, %2 images, %3 sizes, %4 SSH keys.</numerusform>
            <numerusform>%1: %n locations, %2 images, %3 sizes, %4 SSH keys.</numerusform>
        </translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where the machines run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>does not take new machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the system the machines start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter: ubuntu, debian, docker…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distributions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshots and backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · needs a %2 GB disk · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose how big the machines are. Sizes the policy does not allow are shown greyed, with the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Custom size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;PU cores:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disk:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not offered in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image needs a %1 GB disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the SSH keys that may log in, and as which user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH &amp;keys (Space ticks a key):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in as &amp;user:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>root, or the image&apos;s default user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1   %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network and storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the network, the options and the volumes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public IPv&amp;6 address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Monitoring agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic &amp;backups (billed extra)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach &amp;volumes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New volume &amp;each:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The default network of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 GB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No free volume in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>monitoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy sets: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the machines, tag them, and say how long they live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remo&amp;ve tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quantity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>then</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cloud-init:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set by the policy on every machine you create; it cannot be changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags with a lock are the policy&apos;s security tags: every machine you create gets them, and they cannot be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>destroy it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy requires a lease of at most %1 (until %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It proposes %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lease is kept as tags on the machine; while Nephele runs it warns before the end and then acts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the plan and its cost; Create sends it to the provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>custom: %1 CPU, %2 MB, %3 GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 vCPU, %3, %4 GB disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n volume(s) attached</source>
        <translation>
            <numerusform>%n volume attached</numerusform>
            <numerusform>%n volumes attached</numerusform>
        </translation>
    </message>
    <message>
        <source>a new %1 GB volume each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cloud-init (%1 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until %1, then %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: the machines run until destroyed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 a month&lt;/b&gt; (%2 each)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 a month&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Monthly cost unknown&lt;/b&gt;: the provider gives no price for this size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each machine is one request to the provider; they appear in the tree as they come up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was sent: the request no longer passes its checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Creating %n machine(s)…</source>
        <translation>
            <numerusform>Creating %n machine…</numerusform>
            <numerusform>Creating %n machines…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n machine(s) created. They appear in the tree with the account&apos;s next listing; the audit log records each.</source>
        <translation>
            <numerusform>%n machine created. They appear in the tree with the account&apos;s next listing; the audit log records each.</numerusform>
            <numerusform>%n machines created. They appear in the tree with the account&apos;s next listing; the audit log records each.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 created, %2 failed: the errors are above and in the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create machines</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::SessionTab</name>
    <message>
        <source>%1 (ended)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::ShellTab</name>
    <message>
        <source>Reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect again with the same settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key %1 is encrypted. Enter its passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 asks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shell ended (exit status %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shell ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Connection refused: the host key changed.&lt;/b&gt;&lt;br&gt;%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shell on %1 is still connected. Close it and end the session?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;The SSH key “%1” could not be read from the keychain.&lt;/b&gt;&lt;br&gt;%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is open here, so keys kept in it cannot be used. Choose a key file instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the SSH key “%1” from the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::ShellTabs</name>
    <message>
        <source>Open shell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no IP address yet. Wait for it to get one, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::SshKeysDialog</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private keys kept in your system keychain, never in a file. Choose one for a machine in “Connect as…”; an encrypted key asks for its passphrase when it is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add from file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep a private key file&apos;s key in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a new ed25519 key pair in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the public key, to add to a server&apos;s ~/.ssh/authorized_keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the key from the keychain and from this list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate an SSH key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new ed25519 key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is open (the demo keeps nothing), so SSH keys cannot be kept here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown until the key is used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated by Nephele</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an SSH key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the key from %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding “%1” to the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is in the keychain. It is encrypted: its passphrase is asked when it is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating “%1”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is in the keychain. Copy its public key to the servers&apos; ~/.ssh/authorized_keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The public key of “%1” is on the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove SSH key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the key “%1”? It is deleted from the keychain. Machines set to use it cannot log in with it any more, and a key generated here cannot be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing “%1” from the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” was removed from the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::SshPage</name>
    <message>
        <source>Host name or address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: else ssh-agent&apos;s keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a key with &lt;code&gt;ssh-keygen&lt;/code&gt; and put its public half on the server with &lt;code&gt;ssh-copy-id USER@HOST&lt;/code&gt;. &lt;a href=&quot;%1&quot;&gt;About ssh-keygen&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s host name or address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the user to sign in as.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no key file at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nephele keeps no copy of the key: it reads the key file, or asks ssh-agent, when it connects.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::TerminalTabs</name>
    <message>
        <source>%1 (bell)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::TerminalWidget</name>
    <message>
        <source>Find in terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find older output (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find newer output (Shift+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::TokenPage</name>
    <message>
        <source>&amp;Endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: PEM file of a private certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
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
        <source>Allow plain &amp;HTTP to this endpoint (not recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token is stored: enter it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to keep the stored token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the account&apos;s token.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nephele::views::icons</name>
    <message>
        <source>SSH server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
