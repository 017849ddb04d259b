<#ftl output_format="HTML">
<#-- The integrity API request as the report shows it: Authorization and any password redacted, no curl line (it would repeat the token). -->
<#-- @ftlvariable name="data" type="io.qameta.allure.attachment.http.HttpRequestAttachment" -->
<div><#if data.method??>${data.method}<#else>GET</#if> to <#if data.url??>${data.url}<#else>Unknown</#if></div>

<#if data.body??>
    <h4>Body</h4>
    <div>
    <pre class="preformated-text">
    <#t>${data.body?replace('("password"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"', '$1"****"', 'r')}
    </pre>
    </div>
</#if>

<#if (data.headers)?has_content>
    <h4>Headers</h4>
    <div>
        <#list data.headers as name, value>
            <#if name?lower_case == "authorization">
            <div>${name}: Bearer ****</div>
            <#else>
            <div>${name}: ${value!"null"}</div>
            </#if>
        </#list>
    </div>
</#if>
