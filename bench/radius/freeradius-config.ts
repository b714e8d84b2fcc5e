/**
 * FreeRADIUS 3.2 configurations for the RADIUS benchmark, written into a raddb of the run's own
 * (a copy of Debian's /etc/freeradius/3.0 for its dictionary and SQL queries) and never into
 * /etc/freeradius. Each instance is one top-level file, `<raddb>/<name>.conf`, which
 * `freeradius -n <name>` reads instead of radiusd.conf: only the modules and the one virtual
 * server it needs, so the comparison is FreeRADIUS doing the same work as ours and nothing else.
 */
import type { Subscriber } from './subscribers.ts';

export type FreeradiusBackend =
  /** Subscribers from the `users` file (rlm_files), accounting into the detail file (rlm_detail). */
  | { readonly kind: 'users'; readonly usersFile: string; readonly detailFile: string }
  /** Subscribers from radcheck, accounting into radacct (rlm_sql, PostgreSQL driver). */
  | {
      readonly kind: 'sql';
      readonly host: string;
      readonly port: number;
      readonly user: string;
      readonly password: string;
      readonly database: string;
      /**
       * Log every authentication into radpostauth, as Debian's default site does (`-sql` in
       * post-auth): an INSERT, committed, per Access-Request.
       */
      readonly postAuth: boolean;
    };

export interface FreeradiusInstance {
  /** `-n` name: the file is `<raddb>/<name>.conf`, the log `<logDir>/<name>.log`. */
  readonly name: string;
  readonly raddb: string;
  readonly logDir: string;
  readonly runDir: string;
  readonly authPort: number;
  readonly acctPort: number;
  readonly secret: string;
  readonly backend: FreeradiusBackend;
}

/** A `users` file line per subscriber: the password to check PAP, CHAP and MS-CHAP against. */
export function usersFile(list: readonly Subscriber[]): string {
  return list.map((s) => `${s.name}\tCleartext-Password := "${s.password}"\n`).join('');
}

/** A quoted FreeRADIUS config string (the values here are ours: paths, names, hex secrets). */
function quote(value: string | number): string {
  return `"${String(value).replace(/["\\]/g, '\\$&')}"`;
}

/** The top-level configuration file of one instance. */
export function instanceConfig(i: FreeradiusInstance): string {
  const b = i.backend;
  const store = b.kind === 'users' ? 'files' : 'sql';
  const accounting = b.kind === 'users' ? 'detail' : 'sql';
  const modules =
    b.kind === 'users'
      ? `
	files {
		moddir = \${modconfdir}/files
		filename = ${quote(b.usersFile)}
		# rlm_files wants these to exist; nothing is read from them.
		acctusersfile = \${moddir}/accounting
		preproxy_usersfile = \${moddir}/pre-proxy
	}
	# Debian's defaults except the file name (the default names one file per NAS and day).
	detail {
		filename = ${quote(b.detailFile)}
		escape_filenames = no
		permissions = 0600
		header = "%t"
	}`
      : `
	# Debian's mods-available/sql, with the PostgreSQL driver and the standard queries.
	sql {
		dialect = "postgresql"
		driver = "rlm_sql_postgresql"
		postgresql {
			send_application_name = yes
		}
		server = ${quote(b.host)}
		port = ${b.port}
		login = ${quote(b.user)}
		password = ${quote(b.password)}
		radius_db = ${quote(b.database)}
		acct_table1 = "radacct"
		acct_table2 = "radacct"
		postauth_table = "radpostauth"
		authcheck_table = "radcheck"
		groupcheck_table = "radgroupcheck"
		authreply_table = "radreply"
		groupreply_table = "radgroupreply"
		usergroup_table = "radusergroup"
		delete_stale_sessions = yes
		pool {
			start = \${thread[pool].start_servers}
			min = \${thread[pool].min_spare_servers}
			max = \${thread[pool].max_servers}
			spare = \${thread[pool].max_spare_servers}
			uses = 0
			retry_delay = 30
			lifetime = 0
			idle_timeout = 60
		}
		read_clients = no
		client_table = "nas"
		group_attribute = "SQL-Group"
		$INCLUDE \${modconfdir}/sql/main/postgresql/queries.conf
	}`;

  return `# Written by bench/radius/freeradius-config.ts for one benchmark run.
name = ${i.name}
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = \${exec_prefix}/sbin
logdir = ${quote(i.logDir)}
raddbdir = ${quote(i.raddb)}
radacctdir = \${logdir}/radacct
confdir = \${raddbdir}
modconfdir = \${confdir}/mods-config
certdir = \${confdir}/certs
cadir = \${confdir}/certs
run_dir = ${quote(i.runDir)}
db_dir = \${raddbdir}
libdir = /usr/lib/freeradius
pidfile = \${run_dir}/\${name}.pid

max_request_time = 30
cleanup_delay = 5
# Requests are remembered for cleanup_delay (duplicate detection): at 30,000/s that is 150,000
# at a time, so Debian's 16,384 would make the server drop load. Memory is not the limit here.
max_requests = 1048576
hostname_lookups = no

log {
	destination = files
	colourise = no
	file = \${logdir}/\${name}.log
	auth = no
	auth_badpass = no
	auth_goodpass = no
}

# No user/group: as root the server stays root (its files are in the run's temporary directory).
security {
	allow_core_dumps = no
	max_attributes = 200
	reject_delay = 0
	status_server = yes
}

proxy_requests = no

# Debian's defaults: the worker threads share the two cores.
thread pool {
	start_servers = 5
	max_servers = 32
	min_spare_servers = 3
	max_spare_servers = 10
	max_requests_per_server = 0
	auto_limit_acct = no
}

client bench {
	ipaddr = 127.0.0.1
	secret = ${quote(i.secret)}
	shortname = bench
	nas_type = other
}

modules {
	pap {
		normalise = yes
	}
	chap {
	}
	mschap {
	}
	# %{md5:…} for Acct-Unique-Session-Id, as policy.d/accounting computes it.
	expr {
	}
${modules}
}

instantiate {
}

policy {
	# policy.d/accounting's acct_unique without its Class branch (we send no Class).
	acct_unique {
		update request {
			&Acct-Unique-Session-Id := "%{md5:%{User-Name},%{Acct-Session-ID},%{%{NAS-IPv6-Address}:-%{NAS-IP-Address}},%{NAS-Identifier},%{NAS-Port-ID},%{NAS-Port}}"
		}
	}
}

server bench {
	# recv_buff: with 256 requests outstanding the default socket buffer (~208 KB here) overflows
	# and requests are lost; 4 MB is net.core.rmem_max on this machine (the kernel caps it there).
	listen {
		type = auth
		ipaddr = 127.0.0.1
		port = ${i.authPort}
		recv_buff = 4194304
	}
	listen {
		type = acct
		ipaddr = 127.0.0.1
		port = ${i.acctPort}
		recv_buff = 4194304
	}

	authorize {
		${store}
		chap
		mschap
		pap
	}

	authenticate {
		Auth-Type PAP {
			pap
		}
		Auth-Type CHAP {
			chap
		}
		Auth-Type MS-CHAP {
			mschap
		}
	}

	preacct {
		acct_unique
	}

	accounting {
		${accounting}
	}

	post-auth {
		${b.kind === 'sql' && b.postAuth ? 'sql' : ''}
	}
}
`;
}
