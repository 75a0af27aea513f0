<?xml version="1.0" encoding="UTF-8"?>
<!--
  iommu-audit: one host's XML report as an HTML page (XSLT 1.0).
  xsltproc /usr/share/iommu-audit/report.xsl report.xml > report.html
  With the topology picture: write it with iommu-audit graph (format svg) to
  host.svg beside the page, and give xsltproc the string parameter
  topology=host.svg (see iommu-audit(8)).
  Finding texts come from the report's own finding-catalogue, so the page needs
  neither the tool nor the same version of it. Unknown elements are ignored
  (schema compatibility rule).
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ia="urn:iommu-audit:report:1"
                exclude-result-prefixes="ia">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:key name="entry" match="ia:finding-catalogue/ia:entry" use="@id"/>
  <!-- topology: the address of the host's topology picture (iommu-audit graph
       format svg), relative to the page; empty: no picture. -->
  <xsl:param name="topology" select="''"/>

  <xsl:template match="/">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="/*[not(self::ia:report)]">
    <html><body><p>Not an iommu-audit report (urn:iommu-audit:report:1).</p></body></html>
  </xsl:template>

  <xsl:template name="style">
    <style>
      body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; padding: 0 1em; }
      h1 { font-size: 1.5em; margin-bottom: 0.2em; }
      h2 { font-size: 1.15em; border-bottom: 1px solid #ccc; margin-top: 1.8em; }
      h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
      .meta { color: #666; }
      table { border-collapse: collapse; margin: 0.5em 0; }
      th, td { text-align: left; padding: 0.25em 0.7em; border-bottom: 1px solid #eee; vertical-align: top; }
      th { background: #f4f4f4; }
      code, .mono { font-family: ui-monospace, monospace; font-size: 0.92em; }
      .badge { display: inline-block; padding: 0.05em 0.6em; border-radius: 0.8em; font-weight: 600; font-size: 0.9em; }
      .ready { background: #d8f3dc; color: #1b5e20; }
      .warn { background: #fff3c4; color: #7a5d00; }
      .unknown { background: #ece1f5; color: #5b2c83; }
      .blocked, .block { background: #fde0e0; color: #9b1c1c; }
      .info { background: #e3eefc; color: #1d4f91; }
      .none { background: #eee; color: #555; }
      .finding { border-left: 4px solid #ccc; padding: 0.3em 0.8em; margin: 0.6em 0; }
      .finding.sev-block { border-color: #d33; } .finding.sev-warn { border-color: #e0a800; }
      .finding.sev-unknown { border-color: #8e44ad; } .finding.sev-info { border-color: #6a9be0; }
      .finding p { margin: 0.2em 0; } .label { color: #666; }
      .cmdline { white-space: pre-wrap; word-break: break-all; background: #f7f7f7; padding: 0.4em; }
      .subject { font-family: ui-monospace, monospace; color: #444; }
      .action { font-family: ui-monospace, monospace; font-size: 0.92em; white-space: pre-wrap; background: #f3f7f3;
                border: 1px solid #cfe3cf; padding: 0.3em 0.5em; margin: 0.2em 0; }
      .topology img { max-width: 100%; height: auto; }
      /* Printed, the page keeps its colours, and a finding or table row never splits. */
      @media print {
        body { margin: 0; max-width: none; font-size: 11pt; }
        * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        h2, h3 { break-after: avoid; page-break-after: avoid; }
        .finding, tr, .action { break-inside: avoid; page-break-inside: avoid; }
        a { color: inherit; text-decoration: none; }
        .topology { break-before: page; }
      }
    </style>
  </xsl:template>

  <xsl:template match="ia:report">
    <html lang="en">
      <head>
        <meta charset="UTF-8"/>
        <title>iommu-audit: <xsl:value-of select="ia:host/@hostname"/></title>
        <xsl:call-template name="style"/>
      </head>
      <body>
        <h1>GPU passthrough audit of <xsl:value-of select="ia:host/@hostname"/></h1>
        <p class="meta">
          <xsl:value-of select="@tool"/><xsl:text> </xsl:text><xsl:value-of select="@tool-version"/>,
          report schema <xsl:value-of select="@schema-version"/>, made <xsl:value-of select="@generated"/>
          <xsl:if test="ia:host/@snapshot = 'yes'"> from a snapshot</xsl:if>
        </p>
        <xsl:call-template name="host"/>
        <xsl:call-template name="summary"/>
        <xsl:if test="ia:findings/ia:finding">
          <h2>Host findings</h2>
          <!-- Blocking first, as in the text report. -->
          <xsl:apply-templates select="ia:findings/ia:finding[@severity = 'block']"/>
          <xsl:apply-templates select="ia:findings/ia:finding[@severity = 'unknown']"/>
          <xsl:apply-templates select="ia:findings/ia:finding[@severity = 'warn']"/>
          <xsl:apply-templates select="ia:findings/ia:finding[@severity = 'info']"/>
        </xsl:if>
        <xsl:if test="$topology != ''">
          <h2>Topology</h2>
          <div class="topology">
            <img src="{$topology}" alt="PCI topology with IOMMU groups, ACS and verdicts (iommu-audit graph)"/>
          </div>
        </xsl:if>
        <xsl:if test="ia:devices/ia:device">
          <h2>Device details</h2>
          <xsl:apply-templates select="ia:devices/ia:device"/>
        </xsl:if>
        <xsl:if test="ia:firmware/ia:acpi//ia:finding">
          <h2>Firmware table findings</h2>
          <xsl:apply-templates select="ia:firmware/ia:acpi//ia:finding" mode="acpi"/>
        </xsl:if>
        <xsl:apply-templates select="ia:iommu-groups"/>
        <xsl:apply-templates select="ia:pci"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="badge">
    <xsl:param name="value"/>
    <span class="badge {$value}"><xsl:value-of select="$value"/></span>
  </xsl:template>

  <xsl:template name="summary">
    <h2>Devices</h2>
    <xsl:choose>
      <xsl:when test="not(ia:devices/ia:device)">
        <p>No device was judged (no GPU, or none matched the selection).</p>
      </xsl:when>
      <xsl:otherwise>
        <table>
          <tr>
            <th>Address</th><th>Device</th><th>ID</th>
            <th>KVM</th><th>Xen</th><th>ESXi</th><th>Hyper-V</th><th>First thing to fix</th>
          </tr>
          <xsl:for-each select="ia:devices/ia:device">
            <tr>
              <td class="mono"><a href="#dev-{@bdf}"><xsl:value-of select="@bdf"/></a></td>
              <td><xsl:call-template name="device-name"/></td>
              <td class="mono"><xsl:value-of select="concat(@vendor-id, ':', @device-id)"/></td>
              <xsl:for-each select="ia:verdict">
                <td><xsl:call-template name="badge"><xsl:with-param name="value" select="@status"/></xsl:call-template></td>
              </xsl:for-each>
              <td>
                <xsl:variable name="first" select="ia:finding[@severity != 'info'][1]"/>
                <xsl:if test="$first"><xsl:value-of select="key('entry', $first/@id)/ia:title"/></xsl:if>
              </td>
            </tr>
          </xsl:for-each>
        </table>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="device-name">
    <xsl:choose>
      <xsl:when test="@vendor-name or @device-name">
        <xsl:value-of select="@vendor-name"/><xsl:text> </xsl:text><xsl:value-of select="@device-name"/>
      </xsl:when>
      <xsl:otherwise>(not in pci.ids)</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="ia:device">
    <h3 id="dev-{@bdf}">
      <span class="mono"><xsl:value-of select="@bdf"/></span><xsl:text> </xsl:text>
      <xsl:call-template name="device-name"/>
    </h3>
    <xsl:variable name="pci" select="../../ia:pci/ia:pci-device[@bdf = current()/@bdf]"/>
    <p class="meta">
      driver <xsl:value-of select="$pci/@driver"/><xsl:if test="not($pci/@driver)">none</xsl:if>,
      IOMMU group <xsl:value-of select="$pci/@iommu-group"/><xsl:if test="not($pci/@iommu-group)">none</xsl:if>
      <xsl:if test="$pci/@reset-method">, reset <xsl:value-of select="$pci/@reset-method"/></xsl:if>
    </p>
    <xsl:if test="not(ia:finding)"><p>Nothing stands in the way.</p></xsl:if>
    <xsl:apply-templates select="ia:finding"/>
  </xsl:template>

  <!-- A finding: what it is about (subject), what was seen (evidence), why it
       matters (explanation), and what to do: the concrete action for this
       device when the report has one (as the text report's fix:), the general
       remedy otherwise (and as a note under the action). -->
  <xsl:template match="ia:finding">
    <xsl:variable name="e" select="key('entry', @id)"/>
    <div class="finding sev-{@severity}">
      <p>
        <xsl:call-template name="badge"><xsl:with-param name="value" select="@severity"/></xsl:call-template>
        <xsl:text> </xsl:text><strong><xsl:value-of select="$e/ia:title"/></strong>
        <xsl:text> </xsl:text><code><xsl:value-of select="@id"/></code>
        <xsl:if test="@hypervisors"> <span class="label"> (<xsl:value-of select="@hypervisors"/> only)</span></xsl:if>
      </p>
      <xsl:if test="@subject"><p><span class="label">Subject: </span><span class="subject"><xsl:value-of select="@subject"/></span></p></xsl:if>
      <xsl:if test="@severity-kvm or @severity-xen or @severity-esxi or @severity-hyperv">
        <p><span class="label">Weight: </span>
          <xsl:for-each select="@severity-kvm|@severity-xen|@severity-esxi|@severity-hyperv">
            <xsl:value-of select="substring-after(name(), 'severity-')"/><xsl:text> </xsl:text>
            <xsl:value-of select="."/><xsl:if test="position() != last()">, </xsl:if>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:if test="ia:detail"><p><span class="label">Seen: </span><xsl:value-of select="ia:detail"/></p></xsl:if>
      <p><span class="label">Why: </span><xsl:value-of select="$e/ia:explanation"/></p>
      <xsl:choose>
        <xsl:when test="ia:action">
          <p class="label">Fix:</p>
          <div class="action"><xsl:value-of select="ia:action"/></div>
          <xsl:if test="$e/ia:remedy"><p><span class="label">In general: </span><xsl:value-of select="$e/ia:remedy"/></p></xsl:if>
        </xsl:when>
        <xsl:when test="$e/ia:remedy"><p><span class="label">Fix: </span><xsl:value-of select="$e/ia:remedy"/></p></xsl:when>
      </xsl:choose>
    </div>
  </xsl:template>

  <!-- A decoder finding: its detail is the element's text. -->
  <xsl:template match="ia:finding" mode="acpi">
    <xsl:variable name="e" select="key('entry', @id)"/>
    <div class="finding sev-{@severity}">
      <p>
        <xsl:call-template name="badge"><xsl:with-param name="value" select="@severity"/></xsl:call-template>
        <xsl:text> </xsl:text><strong><xsl:value-of select="$e/ia:title"/></strong>
        <xsl:text> </xsl:text><code><xsl:value-of select="@id"/></code>
        <xsl:if test="@subject"> <span class="label"> (<xsl:value-of select="@subject"/>)</span></xsl:if>
      </p>
      <xsl:if test="normalize-space(.)"><p><span class="label">Seen: </span><xsl:value-of select="."/></p></xsl:if>
      <p><span class="label">Why: </span><xsl:value-of select="$e/ia:explanation"/></p>
      <xsl:if test="$e/ia:remedy"><p><span class="label">Fix: </span><xsl:value-of select="$e/ia:remedy"/></p></xsl:if>
    </div>
  </xsl:template>

  <xsl:template name="host">
    <h2>Host</h2>
    <table>
      <tr><th>Hostname</th><td><xsl:value-of select="ia:host/@hostname"/></td></tr>
      <tr><th>Machine</th><td><xsl:value-of select="ia:host/ia:dmi/@sys-vendor"/><xsl:text> </xsl:text><xsl:value-of select="ia:host/ia:dmi/@product-name"/></td></tr>
      <tr><th>Firmware</th><td><xsl:value-of select="ia:host/ia:dmi/@bios-vendor"/><xsl:text> </xsl:text><xsl:value-of select="ia:host/ia:dmi/@bios-version"/><xsl:text> </xsl:text><xsl:value-of select="ia:host/ia:dmi/@bios-date"/></td></tr>
      <tr><th>Kernel</th><td><xsl:value-of select="ia:host/@kernel"/></td></tr>
      <tr><th>CPU</th><td>
        <xsl:value-of select="ia:cpu/ia:model-name"/>;
        <xsl:value-of select="ia:cpu/@virt-name"/><xsl:text> </xsl:text>
        <xsl:call-template name="badge"><xsl:with-param name="value" select="ia:cpu/@virt"/></xsl:call-template>
        <xsl:if test="ia:cpu/@guest = 'yes'"> (this host is a VM)</xsl:if>
      </td></tr>
      <tr><th>ACPI tables</th><td>
        <xsl:for-each select="ia:firmware/ia:table"><code><xsl:value-of select="@signature"/></code><xsl:text> </xsl:text></xsl:for-each>
        <xsl:if test="ia:firmware/@tables-readable = 'no'">unreadable</xsl:if>
      </td></tr>
      <tr><th>IOMMU</th><td>
        active <xsl:call-template name="badge"><xsl:with-param name="value" select="ia:kernel/@iommu-active"/></xsl:call-template>,
        interrupt remapping <xsl:call-template name="badge"><xsl:with-param name="value" select="ia:kernel/@interrupt-remapping"/></xsl:call-template>,
        <xsl:value-of select="count(ia:kernel/ia:iommu-units/ia:iommu-unit)"/> unit(s):
        <xsl:for-each select="ia:kernel/ia:iommu-units/ia:iommu-unit">
          <code><xsl:value-of select="@name"/></code> (<xsl:value-of select="@kind"/>, <xsl:value-of select="@devices"/> devices)<xsl:text> </xsl:text>
        </xsl:for-each>
      </td></tr>
      <tr><th>Command line</th><td><div class="cmdline"><xsl:value-of select="ia:kernel/ia:cmdline"/></div></td></tr>
    </table>
  </xsl:template>

  <xsl:template match="ia:iommu-groups">
    <h2>IOMMU groups (<xsl:value-of select="@source"/>)</h2>
    <xsl:choose>
      <xsl:when test="@readable = 'no' and @source = 'predicted'">
        <p>Not predicted<xsl:if test="@not-computed-why">: <xsl:value-of select="@not-computed-why"/></xsl:if>.</p>
      </xsl:when>
      <xsl:when test="@readable = 'no'"><p>Not readable.</p></xsl:when>
      <xsl:when test="not(ia:group)"><p>None.</p></xsl:when>
      <xsl:otherwise>
        <table>
          <tr><th>Group</th><th>Type</th><th>Members</th></tr>
          <xsl:for-each select="ia:group">
            <tr>
              <td><xsl:value-of select="@id"/></td><td><xsl:value-of select="@type"/></td>
              <td class="mono"><xsl:for-each select="ia:member">
                <xsl:value-of select="@device"/>
                <xsl:if test="@reason and @reason != 'new'"> (<xsl:value-of select="@reason"/>)</xsl:if>
                <xsl:text> </xsl:text>
              </xsl:for-each></td>
            </tr>
          </xsl:for-each>
        </table>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="ia:not-grouped">
      <p>Without a group: <xsl:for-each select="ia:not-grouped"><code><xsl:value-of select="@device"/></code><xsl:text> </xsl:text></xsl:for-each></p>
    </xsl:if>
    <xsl:apply-templates select="ia:finding"/>
  </xsl:template>

  <xsl:template match="ia:pci">
    <h2>PCI devices</h2>
    <table>
      <tr><th>Address</th><th>ID</th><th>Class</th><th>Name</th><th>Driver</th><th>Group</th><th>Predicted group</th></tr>
      <xsl:for-each select="ia:pci-device">
        <tr>
          <td class="mono"><xsl:value-of select="@bdf"/></td>
          <td class="mono"><xsl:value-of select="concat(@vendor-id, ':', @device-id)"/></td>
          <td><xsl:value-of select="@class-name"/></td>
          <td><xsl:value-of select="@vendor-name"/><xsl:text> </xsl:text><xsl:value-of select="@device-name"/></td>
          <td><xsl:value-of select="@driver"/></td>
          <td><xsl:value-of select="@iommu-group"/></td>
          <td class="mono"><xsl:value-of select="@predicted-group"/></td>
        </tr>
      </xsl:for-each>
    </table>
  </xsl:template>
</xsl:stylesheet>
